namespace Nines.Store.Sql;

// A lock that needs no releasing.
internal sealed class NoLock : IAsyncDisposable
{
    public static NoLock Instance { get; } = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
