using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nines.Query.Http;

/// <summary>
/// The query log (<c>query.log_path</c>): one JSON object a line per PromQL query, shaped like
/// Prometheus' query log (https://prometheus.io/docs/guides/query-log/: <c>params</c>,
/// <c>stats.timings</c>, <c>stats.samples</c>, <c>httpRequest</c>, <c>ts</c>) plus Nines'
/// <c>tenant</c>, <c>status</c>, <c>errorType</c> and <c>series</c>. Handlers format a line and
/// hand it to a bounded channel; a single reader appends to the file. A full channel drops the
/// line and counts it rather than slowing queries down.
/// </summary>
internal sealed partial class QueryLog(string path, TimeProvider time, ILogger<QueryLog> logger) : BackgroundService
{
    // Written by handlers (TryWrite), read by ExecuteAsync only.
    private readonly Channel<byte[]> _lines = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long _dropped;

    /// <summary>Lines dropped because the writer fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues one query's line.</summary>
    public void Write(in QueryLogEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + entry.Query.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("httpRequest");
            writer.WriteString("clientIP", entry.ClientIp);
            writer.WriteString("method", entry.Method);
            writer.WriteString("path", entry.Path);
            writer.WriteEndObject();
            writer.WriteStartObject("params");
            writer.WriteString("end", DateTimeOffset.FromUnixTimeMilliseconds(entry.EndMs).UtcDateTime);
            writer.WriteString("query", entry.Query);
            writer.WriteString("start", DateTimeOffset.FromUnixTimeMilliseconds(entry.StartMs).UtcDateTime);
            writer.WriteNumber("step", entry.StepMs / 1000.0);
            writer.WriteEndObject();
            writer.WriteStartObject("stats");
            writer.WriteStartObject("timings");
            writer.WriteNumber("execQueueTime", entry.QueueSeconds);
            writer.WriteNumber("execTotalTime", entry.TotalSeconds);
            writer.WriteEndObject();
            writer.WriteStartObject("samples");
            writer.WriteNumber("totalQueryableSamples", entry.Samples);
            writer.WriteNumber("peakSamples", entry.PeakSamples);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("tenant", entry.Tenant);
            writer.WriteString("status", entry.Status);
            if (entry.ErrorType is not null)
            {
                writer.WriteString("errorType", entry.ErrorType);
            }

            writer.WriteNumber("series", entry.Series);
            writer.WriteString("ts", time.GetUtcNow().UtcDateTime);
            writer.WriteEndObject();
        }

        if (!_lines.Writer.TryWrite(buffer.WrittenSpan.ToArray()))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            // Stopping completes the channel (StopAsync) so the lines already queued are still written.
            while (await _lines.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    file.Write(line);
                    file.WriteByte((byte)'\n');
                }

                await file.FlushAsync(CancellationToken.None);
            }
        }
        catch (IOException e)
        {
            Log.WriteFailed(logger, path, e);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _lines.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The query log {Path} cannot be written; no more queries are logged")]
        public static partial void WriteFailed(ILogger logger, string path, Exception exception);
    }
}
