using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nines.Ingest.Scrape;

/// <summary>
/// Runs every scrape job: discovers its targets (static_configs now, file_sd_configs whenever a
/// file changes or its refresh_interval passes), keeps one <see cref="ScrapeLoop"/> per target,
/// starts loops for new targets and stops (with staleness markers) the loops of targets that went
/// away. Target-set changes are handled by one reader of a bounded channel, so reconciliation never
/// races with itself.
/// </summary>
internal sealed partial class ScrapeManager : BackgroundService
{
    private readonly IReadOnlyList<ScrapeJob> _jobs;
    private readonly IScrapeSink _sink;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Channel<int> _changed = Channel.CreateBounded<int>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<string, ScrapeLoop>[] _loops;
    private readonly Lock _sync = new();

    private readonly Pipeline.Redaction.Redactor? _redactor;

    public ScrapeManager(IReadOnlyList<ScrapeJob> jobs, IScrapeSink sink, TimeProvider? time = null, ILoggerFactory? loggers = null, Pipeline.Redaction.Redactor? redactor = null)
    {
        _redactor = redactor;
        _jobs = jobs;
        _sink = sink;
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger("Nines.Ingest.Scrape");
        _loops = [.. jobs.Select(_ => new Dictionary<string, ScrapeLoop>(StringComparer.Ordinal))];
    }

    /// <summary>The running loops, for status pages and tests.</summary>
    public IReadOnlyList<ScrapeLoop> Loops
    {
        get
        {
            lock (_sync)
            {
                return [.. _loops.SelectMany(l => l.Values)];
            }
        }
    }

    /// <summary>Re-reads the targets of every job now (tests; a future reload endpoint).</summary>
    public void Refresh()
    {
        for (var i = 0; i < _jobs.Count; i++)
        {
            _changed.Writer.TryWrite(i);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchers = new List<IDisposable>();
        try
        {
            for (var i = 0; i < _jobs.Count; i++)
            {
                Reconcile(i, stoppingToken);
                watchers.AddRange(Watch(i));
            }

            await foreach (var job in _changed.Reader.ReadAllAsync(stoppingToken))
            {
                Reconcile(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var w in watchers)
            {
                w.Dispose();
            }

            await Task.WhenAll(Loops.Select(l => l.StopAsync(targetGone: false)));
            foreach (var job in _jobs)
            {
                job.Dispose();
            }
        }
    }

    private void Reconcile(int index, CancellationToken shutdown)
    {
        var job = _jobs[index];
        var wanted = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        foreach (var group in Discover(job))
        {
            foreach (var address in group.Targets)
            {
                try
                {
                    if (ScrapeTarget.Create(job.Config, job.Interval, job.Timeout, job.TargetRules, address, group.Labels) is { } target)
                    {
                        wanted.TryAdd(target.Key, target);
                    }
                }
                catch (FormatException e)
                {
                    Log.TargetInvalid(_logger, job.Name, address, e.Message);
                }
            }
        }

        var loops = _loops[index];
        List<ScrapeLoop> gone = [];
        lock (_sync)
        {
            foreach (var (key, loop) in loops)
            {
                if (!wanted.ContainsKey(key))
                {
                    gone.Add(loop);
                }
            }

            foreach (var loop in gone)
            {
                loops.Remove(loop.Target.Key);
            }

            foreach (var (key, target) in wanted)
            {
                if (!loops.ContainsKey(key))
                {
                    var loop = new ScrapeLoop(job, target, _sink, _time, _logger, _redactor);
                    loops[key] = loop;
                    loop.Start(shutdown);
                }
            }
        }

        foreach (var loop in gone)
        {
            // Not awaited: the loop writes its staleness markers at its next scheduled scrape.
            _ = loop.StopAsync(targetGone: true);
        }

        Log.Targets(_logger, job.Name, wanted.Count);
    }

    private List<TargetGroup> Discover(ScrapeJob job)
    {
        var groups = new List<TargetGroup>();
        foreach (var sc in job.Config.StaticConfigs)
        {
            groups.Add(new TargetGroup([.. sc.Targets], [.. sc.Labels.Select(l => new Nines.Metrics.Labels.Label(l.Key, l.Value))]));
        }

        foreach (var sd in job.Config.FileSdConfigs)
        {
            foreach (var file in FileTargetReader.Expand(sd.Files))
            {
                try
                {
                    groups.AddRange(FileTargetReader.Read(file));
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
                {
                    Log.FileInvalid(_logger, job.Name, file, e.Message);
                }
            }
        }

        return groups;
    }

    // file_sd: a watcher per directory for prompt updates, and a timer at refresh_interval in case
    // an event is missed (network file systems), as Prometheus combines fsnotify with a refresh.
    private List<IDisposable> Watch(int index)
    {
        var result = new List<IDisposable>();
        foreach (var sd in _jobs[index].Config.FileSdConfigs)
        {
            foreach (var dir in sd.Files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct(StringComparer.Ordinal))
            {
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                var watcher = new FileSystemWatcher(dir) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
                FileSystemEventHandler changed = (_, _) => _changed.Writer.TryWrite(index);
                watcher.Changed += changed;
                watcher.Created += changed;
                watcher.Deleted += changed;
                watcher.Renamed += (_, _) => _changed.Writer.TryWrite(index);
                watcher.EnableRaisingEvents = true;
                result.Add(watcher);
            }

            result.Add(_time.CreateTimer(_ => _changed.Writer.TryWrite(index), null, sd.RefreshInterval, sd.RefreshInterval));
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Scrape job {Job} has {Count} targets")]
        public static partial void Targets(ILogger logger, string job, int count);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Scrape job {Job}: target {Address} skipped: {Error}")]
        public static partial void TargetInvalid(ILogger logger, string job, string address, string error);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Scrape job {Job}: file_sd file {File} not used: {Error}")]
        public static partial void FileInvalid(ILogger logger, string job, string file, string error);
    }
}
