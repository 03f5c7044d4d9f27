using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

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
    /// <c>/api/v1/status/tsdb</c>: cardinality of the tenant's stored series, the top 10 of each
    /// statistic as Prometheus' head index computes them (tsdb/index/postings.go Stats).
    /// </summary>
    public async Task TsdbStatusAsync(HttpContext context, ApiParameters parameters)
    {
        var metrics = await StorageAsync(context);
        var all = metrics.Select([Matcher.Create(MatcherType.Regex, LabelSet.MetricNameLabel, ".+")], long.MinValue, long.MaxValue);
        var byMetric = new Dictionary<string, long>(StringComparer.Ordinal);
        var byPair = new Dictionary<(string Name, string Value), long>();
        long minTime = long.MaxValue, maxTime = long.MinValue;
        foreach (var series in all)
        {
            var name = series.Labels.MetricName;
            byMetric[name] = byMetric.GetValueOrDefault(name) + 1;
            foreach (var label in series.Labels)
            {
                byPair[(label.Name, label.Value)] = byPair.GetValueOrDefault((label.Name, label.Value)) + 1;
            }

            var samples = series.GetIterator();
            if (samples.MoveNext())
            {
                minTime = Math.Min(minTime, samples.Timestamp);
                var last = samples.Timestamp;
                while (samples.MoveNext())
                {
                    last = samples.Timestamp;
                }

                maxTime = Math.Max(maxTime, last);
            }
        }

        var valueCount = new Dictionary<string, long>(StringComparer.Ordinal);
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        var pairs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((name, value), count) in byPair)
        {
            valueCount[name] = valueCount.GetValueOrDefault(name) + 1;
            bytes[name] = bytes.GetValueOrDefault(name) + (System.Text.Encoding.UTF8.GetByteCount(value) * count);
            pairs[name + "=" + value] = count;
        }

        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("headStats");
            writer.WriteNumber("numSeries", all.Count);
            writer.WriteNumber("numLabelPairs", byPair.Count);
            writer.WriteNumber("chunkCount", 0);
            writer.WriteNumber("minTime", minTime);
            writer.WriteNumber("maxTime", maxTime);
            writer.WriteEndObject();
            WriteTop(writer, "seriesCountByMetricName", byMetric);
            WriteTop(writer, "labelValueCountByLabelName", valueCount);
            WriteTop(writer, "memoryInBytesByLabelName", bytes);
            WriteTop(writer, "seriesCountByLabelValuePair", pairs);
            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    private static void WriteTop(Utf8JsonWriter writer, string name, Dictionary<string, long> counts)
    {
        var top = counts.ToList();
        top.Sort(static (a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        writer.WriteStartArray(name);
        for (var i = 0; i < Math.Min(TopStats, top.Count); i++)
        {
            writer.WriteStartObject();
            writer.WriteString("name", top[i].Key);
            writer.WriteNumber("value", top[i].Value);
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
