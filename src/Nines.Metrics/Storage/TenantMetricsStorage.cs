using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Core.Tenancy;

namespace Nines.Metrics.Storage;

/// <summary>
/// One <see cref="MetricsStorage"/> per tenant, each in its own directory <c>ROOT/TENANT</c>, as
/// Mimir keeps one TSDB per tenant: a tenant's series, limits, retention and deletion never touch
/// another's, and a noisy tenant's WAL does not delay a quiet one's fsyncs. Opened lazily on first
/// write; <see cref="OpenExistingAsync"/> replays every tenant found on disk at start-up so that
/// acknowledged data is queryable before the first new write.
/// </summary>
public sealed class TenantMetricsStorage : IAsyncDisposable
{
    private readonly string _root;
    private readonly MetricsStorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<string, Lazy<Task<MetricsStorage>>> _open = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates the registry; nothing is opened until asked for.</summary>
    public TenantMetricsStorage(string root, MetricsStorageOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _root = Path.GetFullPath(root);
        _options = options ?? new MetricsStorageOptions();
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    /// <summary>The tenants whose storage is open.</summary>
    public IReadOnlyCollection<string> OpenTenants => [.. _open.Keys];

    /// <summary>The storage of <paramref name="tenantId"/>, opened (and replayed) on first use.</summary>
    /// <exception cref="ArgumentException">The tenant id is not well-formed.</exception>
    /// <exception cref="ObjectDisposedException">The registry is shutting down.</exception>
    public Task<MetricsStorage> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        if (!TenantId.IsValid(tenantId))
        {
            throw new ArgumentException($"'{tenantId}' is not a tenant id ({TenantId.Rule})", nameof(tenantId));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var lazy = _open.GetOrAdd(tenantId, id => new Lazy<Task<MetricsStorage>>(() => OpenAsync(id)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Opens every tenant that has a directory under the root; returns how many.</summary>
    public async Task<int> OpenExistingAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (TenantId.IsValid(name))
            {
                await GetAsync(name, cancellationToken);
                count++;
            }
        }

        return count;
    }

    /// <summary>Flushes and closes every open tenant's storage. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var lazy in _open.Values)
        {
            if (!lazy.IsValueCreated)
            {
                continue;
            }

            MetricsStorage storage;
            try
            {
                // A tenant still opening is waited for, so that its WAL is closed too.
                storage = await lazy.Value;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue;
            }

            await storage.DisposeAsync();
        }
    }

    private Task<MetricsStorage> OpenAsync(string tenantId) =>
        MetricsStorage.OpenAsync(Path.Combine(_root, tenantId), _options, _time, _loggers.CreateLogger("Nines.Metrics.Storage." + tenantId), CancellationToken.None);
}
