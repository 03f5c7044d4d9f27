using Microsoft.Extensions.Hosting;

namespace Nines.Events;

/// <summary>
/// Ties the store to the host: opened (WAL replayed) before the server listens, closed after
/// Kestrel has drained in-flight requests (hosted services stop in reverse order).
/// </summary>
internal sealed class EventStoreService(EventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.OpenAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await store.DisposeAsync();
}
