using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Metrics.Cardinality;

namespace Nines.Query.Http;

internal sealed partial class PrometheusApi
{
    /// <summary>
    /// The Prometheus version whose API Nines answers like. Grafana and other clients gate features
    /// on <c>version</c>, so it names the API level; Nines' own version is in <c>revision</c>.
    /// </summary>
    public const string CompatibleVersion = "2.42.0";

    private const int TopStats = 10;

    private static readonly string NinesVersion =
        typeof(PrometheusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary><c>/api/v1/status/buildinfo</c>.</summary>
    public async Task BuildInfoAsync(HttpContext context, ApiParameters parameters)
    {
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteString("version", CompatibleVersion);
            writer.WriteString("revision", "nines-" + NinesVersion);
            writer.WriteString("branch", "nines");
            writer.WriteString("buildUser", "nines");
            writer.WriteString("buildDate", "");
            writer.WriteString("goVersion", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    /// <summary><c>/api/v1/status/runtimeinfo</c>: Prometheus' fields, filled with the .NET equivalents.</summary>
    public async Task RuntimeInfoAsync(HttpContext context, ApiParameters parameters)
    {
        var started = DateTimeOffset.FromUnixTimeMilliseconds(_startedAt).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteString("startTime", started);
            writer.WriteString("CWD", Environment.CurrentDirectory);
            writer.WriteBoolean("reloadConfigSuccess", true);
            writer.WriteString("lastConfigTime", started);
            writer.WriteNumber("corruptionCount", 0);
            writer.WriteNumber("goroutineCount", ThreadPool.ThreadCount);
            writer.WriteNumber("GOMAXPROCS", Environment.ProcessorCount);
            writer.WriteString("GOGC", "");
            writer.WriteString("GODEBUG", "");
            writer.WriteString("storageRetention", "");
            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    /// <summary><c>/api/v1/status/flags</c>: the Prometheus flags that have a Nines equivalent, with its value.</summary>
    public async Task FlagsAsync(HttpContext context, ApiParameters parameters)
    {
        var engineOptions = options.Engine;
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteString("query.lookback-delta", GoDuration(engineOptions.LookbackDelta));
            writer.WriteString("query.max-concurrency", options.MaxConcurrentQueriesPerTenant.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("query.max-samples", engineOptions.MaxSamples.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("query.timeout", GoDuration(engineOptions.Timeout));
            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    /// <summary>
    /// <c>/api/v1/status/tsdb</c>: the tenant's head statistics and the top 10 of each table, as
    /// Prometheus reports them from its head index (tsdb/index/postings.go Stats). Persisted blocks
    /// are not counted, as in Prometheus; no sample is read.
    /// </summary>
    public async Task TsdbStatusAsync(HttpContext context, ApiParameters parameters)
    {
        var metrics = await StorageAsync(context);
        var stats = metrics.Head.Stats(TopStats);
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("headStats");
            writer.WriteNumber("numSeries", stats.Series);
            writer.WriteNumber("numLabelPairs", stats.LabelPairs);
            writer.WriteNumber("chunkCount", stats.Chunks);
            writer.WriteNumber("minTime", stats.MinTime);
            writer.WriteNumber("maxTime", stats.MaxTime);
            writer.WriteEndObject();
            WriteTop(writer, "seriesCountByMetricName", stats.SeriesByMetricName);
            WriteTop(writer, "labelValueCountByLabelName", stats.ValuesByLabelName);
            WriteTop(writer, "memoryInBytesByLabelName", stats.BytesByLabelName);
            WriteTop(writer, "seriesCountByLabelValuePair", stats.SeriesByLabelPair);
            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    private static void WriteTop(Utf8JsonWriter writer, string name, IReadOnlyList<NamedCount> rows)
    {
        writer.WriteStartArray(name);
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("name", row.Name);
            writer.WriteNumber("value", row.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // Prometheus prints flags as model.Duration does: 5m, 2m, 1h30m.
    private static string GoDuration(TimeSpan span)
    {
        if (span == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new System.Text.StringBuilder();
        if (span.Days > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{span.Days}d");
        }

        if (span.Hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{span.Hours}h");
        }

        if (span.Minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{span.Minutes}m");
        }

        if (span.Seconds > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{span.Seconds}s");
        }

        if (span.Milliseconds > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{span.Milliseconds}ms");
        }

        return sb.ToString();
    }
}
