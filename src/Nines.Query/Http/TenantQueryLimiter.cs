using System.Collections.Concurrent;

namespace Nines.Query.Http;

/// <summary>
/// Bounds the queries each tenant runs at once, so one tenant's dashboard storm cannot take every
/// core from the others. Beyond the running slots a few queries wait (bounded); past that, or after
/// <see cref="QueryApiOptions.QueueTimeout"/>, the caller answers 503 with Retry-After.
/// </summary>
internal sealed class TenantQueryLimiter(QueryApiOptions options)
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>A slot, or null when the tenant's queue is full or the wait timed out.</summary>
    public async ValueTask<Lease?> AcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(tenant, static (_, max) => new Gate(max), options.MaxConcurrentQueriesPerTenant);
        if (gate.Slots.Wait(0, CancellationToken.None))
        {
            return new Lease(gate);
        }

        if (Interlocked.Increment(ref gate.Queued) > options.MaxQueuedQueriesPerTenant)
        {
            Interlocked.Decrement(ref gate.Queued);
            return null;
        }

        try
        {
            return await gate.Slots.WaitAsync(options.QueueTimeout, cancellationToken) ? new Lease(gate) : null;
        }
        finally
        {
            Interlocked.Decrement(ref gate.Queued);
        }
    }

    /// <summary>Queries of <paramref name="tenant"/> running now (for tests and metrics).</summary>
    public int Running(string tenant) =>
        _gates.TryGetValue(tenant, out var gate) ? options.MaxConcurrentQueriesPerTenant - gate.Slots.CurrentCount : 0;

    /// <summary>Queries of <paramref name="tenant"/> waiting for a slot now.</summary>
    public int Queued(string tenant) => _gates.TryGetValue(tenant, out var gate) ? Volatile.Read(ref gate.Queued) : 0;

    internal sealed class Gate(int max)
    {
        // Written with Interlocked only.
        public int Queued;

        public SemaphoreSlim Slots { get; } = new(max, max);
    }

    /// <summary>Releases the slot once.</summary>
    internal sealed class Lease(Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Slots.Release();
            }
        }
    }
}
