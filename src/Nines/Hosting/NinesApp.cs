using Nines.Store;

namespace Nines.Hosting;

/// <summary>A started server: its address and services, and the way to stop it gracefully.</summary>
internal sealed class NinesApp : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly DataDirectory _data;
    private readonly TimeSpan _shutdownTimeout;
    private int _disposed;

    public NinesApp(WebApplication web, DataDirectory data, IControlPlaneStore store, Uri baseAddress, string? setupLink, TimeSpan shutdownTimeout, Listeners listeners)
    {
        OtlpGrpcAddress = listeners.OtlpGrpcUrl;
        OtlpHttpAddress = listeners.OtlpHttpUrl;
        _web = web;
        _data = data;
        Store = store;
        BaseAddress = baseAddress;
        SetupLink = setupLink;
        _shutdownTimeout = shutdownTimeout;
    }

    public Uri BaseAddress { get; }

    /// <summary>The OTLP/gRPC receiver's address, or null when off.</summary>
    public Uri? OtlpGrpcAddress { get; }

    /// <summary>The OTLP/HTTP receiver's address, or null when off.</summary>
    public Uri? OtlpHttpAddress { get; }

    public IControlPlaneStore Store { get; }

    public IServiceProvider Services => _web.Services;

    /// <summary>The first-run set-up link printed at start, when the admin had no password yet.</summary>
    public string? SetupLink { get; }

    public string DataPath => _data.Path;

    /// <summary>Waits for SIGTERM/SIGINT (or <paramref name="cancellationToken"/>), then drains and stops.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        var lifetime = _web.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        using (cancellationToken.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        await StopAsync();
    }

    /// <summary>
    /// Stops accepting connections, lets in-flight requests finish and hosted services flush their
    /// queues, for at most server.shutdown_timeout; then closes the store and releases the lock.
    /// </summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(_shutdownTimeout);
        await _web.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync();
        await _web.DisposeAsync();
        await Store.DisposeAsync();
        _data.Dispose();
    }
}
