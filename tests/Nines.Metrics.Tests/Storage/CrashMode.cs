namespace Nines.Metrics.Tests.Storage;

/// <summary>What survives a simulated crash in <see cref="FakeFileSystem"/>.</summary>
public enum CrashMode
{
    /// <summary>Power loss: only fsynced bytes, and only files whose directory was fsynced.</summary>
    DropUnsynced,

    /// <summary>Power loss in the middle of the last write: un-synced earlier writes survive, the last one is cut in half.</summary>
    TearLastWrite,

    /// <summary>kill -9: the page cache survives, everything written is kept.</summary>
    KillProcess,
}
