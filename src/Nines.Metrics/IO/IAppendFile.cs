namespace Nines.Metrics.IO;

/// <summary>An append-only file handle: writes go to the end; <see cref="Sync"/> is the durability point.</summary>
internal interface IAppendFile : IDisposable
{
    /// <summary>Current length in bytes, including bytes not yet synced.</summary>
    long Length { get; }

    /// <summary>Appends bytes; they are durable only after <see cref="Sync"/> returns.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>fsync: every byte written so far is on stable storage when this returns.</summary>
    void Sync();
}
