using Microsoft.Extensions.Logging;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    private readonly SemaphoreSlim _maintenanceGate = new(1, 1);
    private readonly CancellationTokenSource _stopMaintenance = new();
    private Task _maintenanceLoop = Task.CompletedTask;

    /// <summary>
    /// Runs one round of maintenance now: persist the head's old ranges as blocks (and truncate the
    /// head and WAL), quarantine blocks found corrupt by reads, compact, downsample, apply retention. The
    /// background loop calls it every <see cref="MetricsStorageOptions.MaintenanceInterval"/>;
    /// rounds never overlap.
    /// </summary>
    /// <exception cref="IOException">A block could not be written or deleted; the storage stays consistent.</exception>
    public async Task RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _maintenanceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PersistHeadAsync(cancellationToken).ConfigureAwait(false);
            QuarantineCorruptBlocks();
            for (var i = 0; i < 64 && CompactOnce(); i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (_options.Downsampling)
            {
                Downsample(cancellationToken);
            }

            ApplyRetention();
        }
        finally
        {
            _maintenanceGate.Release();
        }
    }

    private void StartMaintenance()
    {
        if (_options.MaintenanceInterval > TimeSpan.Zero)
        {
            _maintenanceLoop = Task.Run(MaintenanceLoopAsync);
        }
    }

    private async Task MaintenanceLoopAsync()
    {
        var token = _stopMaintenance.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.MaintenanceInterval, _time, token).ConfigureAwait(false);
                await RunMaintenanceAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.MaintenanceFailed(_logger, ex);
            }
        }
    }

    private async Task StopMaintenanceAsync()
    {
        await _stopMaintenance.CancelAsync().ConfigureAwait(false);
        try
        {
            await _maintenanceLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // A round started by a caller finishes before the WAL closes under it.
        await _maintenanceGate.WaitAsync().ConfigureAwait(false);
        _maintenanceGate.Release();
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Error, "Metrics storage maintenance failed; retrying at the next interval.")]
        public static partial void MaintenanceFailed(ILogger logger, Exception exception);
    }
}
