using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nines.Ingest.Scrape;

/// <summary>
/// Scrapes one target every interval, at a fixed offset within the interval derived from the
/// target (so targets are spread out, not scraped in lock-step), and stores the samples and the
/// report series. When stopped because the target went away, it waits for the scrape that would
/// have come next and marks all its series stale then, as Prometheus' endOfRunStaleness does; when
/// stopped because Nines shuts down, it writes nothing (the series are not gone, Nines is).
/// </summary>
internal sealed partial class ScrapeLoop
{
    private readonly ScrapeJob _job;
    private readonly ScrapeTarget _target;
    private readonly IScrapeSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ScrapeAppender _appender;
    private readonly List<ScrapeSample> _samples = new(1024);
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private bool _targetGone;

    public ScrapeLoop(ScrapeJob job, ScrapeTarget target, IScrapeSink sink, TimeProvider time, ILogger logger, Pipeline.Redaction.Redactor? redactor = null)
    {
        _job = job;
        _target = target;
        _sink = sink;
        _time = time;
        _logger = logger;
        _appender = new ScrapeAppender(target, job.Config, job.MetricRules) { Redactor = redactor };
    }

    public ScrapeTarget Target => _target;

    /// <summary>Scrapes completed (successful or not).</summary>
    public int Scrapes { get; private set; }

    /// <summary>The last scrape's error, or null.</summary>
    public string? LastError { get; private set; }

        /// <summary>Starts scraping; the first scrape is scheduled from the time now.</summary>
    public void Start(CancellationToken shutdown) =>
        _run = RunAsync(FirstScrape(_time.GetUtcNow(), _job.Interval, _target.Offset(_job.Interval)), shutdown);

    /// <summary>Stops the loop; <paramref name="targetGone"/> writes staleness markers at the next scheduled scrape.</summary>
    public Task StopAsync(bool targetGone)
    {
        _targetGone = targetGone;
        _stop.Cancel();
        return _run ?? Task.CompletedTask;
    }

    /// <summary>The first scrape time at or after <paramref name="now"/> with time mod interval equal to the target's offset.</summary>
    public static DateTimeOffset FirstScrape(DateTimeOffset now, TimeSpan interval, TimeSpan offset)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var intoInterval = ticks % interval.Ticks;
        var wait = offset.Ticks - intoInterval;
        if (wait < 0)
        {
            wait += interval.Ticks;
        }

        return now.AddTicks(wait);
    }

    /// <summary>One scrape and its storage; used by the loop and by tests.</summary>
    public async Task ScrapeOnceAsync(DateTimeOffset scheduled, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var timestamp = scheduled.ToUnixTimeMilliseconds();
        _samples.Clear();
        byte[]? body = null;
        ScrapeReport report;
        try
        {
            (body, var length, var format) = await FetchAsync(cancellationToken);
            report = _appender.Append(body.AsSpan(0, length), format, timestamp, _samples);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or OperationCanceledException or UnauthorizedAccessException
            && !cancellationToken.IsCancellationRequested)
        {
            _appender.AppendStale(timestamp, _samples);
            report = new ScrapeReport(0, 0, 0, e is OperationCanceledException ? $"scrape timed out after {_job.Timeout.TotalSeconds}s" : e.Message);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }

        _appender.AppendReport(report, _time.GetElapsedTime(started), timestamp, _samples);
        LastError = report.Error;
        if (report.Error is not null)
        {
            Log.ScrapeFailed(_logger, _job.Name, _target.Url, report.Error);
        }

        await _sink.AppendAsync(_job.Config.Tenant, _samples, cancellationToken);
        Scrapes++;
    }

    private async Task RunAsync(DateTimeOffset next, CancellationToken shutdown)
    {
        await Task.Yield();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _stop.Token);
        var token = linked.Token;
        try
        {
            while (true)
            {
                var wait = next - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, token);
                }

                try
                {
                    await ScrapeOnceAsync(next, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage refused (back-pressure, disk): this scrape is lost, the loop goes on.
                    Log.StoreFailed(_logger, _job.Name, _target.Url, e);
                }

                // Skip ticks missed by a slow scrape instead of bursting to catch up.
                next += _job.Interval;
                var now = _time.GetUtcNow();
                while (next <= now)
                {
                    next += _job.Interval;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (_targetGone && !shutdown.IsCancellationRequested)
        {
            await EndOfRunStalenessAsync(next, shutdown);
        }
    }

    private async Task EndOfRunStalenessAsync(DateTimeOffset next, CancellationToken shutdown)
    {
        try
        {
            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, shutdown);
            }

            _samples.Clear();
            var at = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _appender.AppendStale(at, _samples);
            _appender.AppendReportStale(at, _samples);
            await _sink.AppendAsync(_job.Config.Tenant, _samples, shutdown);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            Log.StoreFailed(_logger, _job.Name, _target.Url, e);
        }
    }

    private async Task<(byte[] Body, int Length, ExpositionFormat Format)> FetchAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_job.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, _target.Url)
        {
            Version = _job.RequestVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.TryAddWithoutValidation("Accept", ScrapeJob.AcceptHeader);
        request.Headers.TryAddWithoutValidation("User-Agent", "Nines/" + typeof(ScrapeLoop).Assembly.GetName().Version?.ToString(3));
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _job.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Authorization = _job.Authorization();
        using var response = await _job.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new HttpRequestException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var format = string.Equals(mediaType, "application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
        await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
        var limit = _job.BodyLimit;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(response.Content.Headers.ContentLength ?? 64 * 1024, 4096), Math.Min(limit + 1, Array.MaxLength)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit || length >= Array.MaxLength)
                    {
                        throw new InvalidDataException($"body size limit exceeded: the body is larger than {limit} bytes");
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min((long)buffer.Length * 2, limit + 1), Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), linked.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > limit)
            {
                throw new InvalidDataException($"body size limit exceeded: the body is larger than {limit} bytes");
            }

            return (buffer, length, format);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Scrape of job {Job} target {Url} failed: {Error}")]
        public static partial void ScrapeFailed(ILogger logger, string job, Uri url, string error);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Storing the scrape of job {Job} target {Url} failed")]
        public static partial void StoreFailed(ILogger logger, string job, Uri url, Exception exception);
    }
}
