using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Nines.Compat.Tests;

/// <summary>
/// The raw HTTP answers of the Prometheus API, byte for byte: status code, content type and body
/// of Nines equal those of Prometheus 2.42 for the same request over the same data, successes
/// (envelope, label order, timestamp and value formatting) and errors (errorType and message) alike.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class ApiBodyTests(CompatFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Requests => new()
    {
        "query?query=demo_num_cpus&time={t}",
        "query?query=" + Uri.EscapeDataString("sum by (instance) (rate(demo_cpu_usage_seconds_total[5m]))") + "&time={t}",
        "query?query=" + Uri.EscapeDataString("demo_memory_usage_bytes / 1e10") + "&time={t}",
        "query?query=" + Uri.EscapeDataString("demo_memory_usage_bytes * 1e13") + "&time={t}",
        "query?query=" + Uri.EscapeDataString("1e-7") + "&time={t}",
        "query?query=" + Uri.EscapeDataString("\"text\"") + "&time={t}",
        "query?query=" + Uri.EscapeDataString("demo_num_cpus / 0 - demo_num_cpus / 0") + "&time={t}",
        "query_range?query=" + Uri.EscapeDataString("demo_intermittent_metric") + "&start={s}&end={t}&step=7.5",
        "query_range?query=" + Uri.EscapeDataString("histogram_quantile(0.5, rate(demo_api_request_duration_seconds_bucket{instance=\"demo.promlabs.com:10001\"}[2m]))") + "&start={s}&end={t}&step=1m",
        "series?match[]=demo_num_cpus&match[]=" + Uri.EscapeDataString("{__name__=~\"demo_disk.*\",instance=\"demo.promlabs.com:10002\"}"),
        "labels",
        "labels?match[]=demo_num_cpus",
        "label/mode/values",
        "label/__name__/values?match[]=" + Uri.EscapeDataString("{job=\"demo\",le=\"+Inf\"}"),
        "format_query?query=" + Uri.EscapeDataString("sum(rate(x[5m]))by(job)/on(job)group_left count(y)"),
        "query_range?query=1&start={t}",
        "query_range?query=1&start={s}&end={t}&step=-1",
        "query_range?query=1&start=0&end=20000&step=1",
        "query_range?query=" + Uri.EscapeDataString("sum(") + "&start={s}&end={t}&step=15",
        "query?query=" + Uri.EscapeDataString("rate(demo_num_cpus)") + "&time={t}",
        "query?query=1&time=yesterday",
        "query?query=" + Uri.EscapeDataString("demo_num_cpus + on(job) demo_num_cpus") + "&time={t}",
        "series?match[]=" + Uri.EscapeDataString("{job=~\".*\"}"),
        "series",
        "label/0bad/values",
        "metadata",
        "query_exemplars?query=demo_num_cpus",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Get_SameStatusAndBodyAsPrometheus(string request)
    {
        var url = Expand(request);

        using var reference = await fixture.Prometheus.Client.GetAsync(url);
        using var nines = await fixture.NinesClient.GetAsync(url);
        var expected = await reference.Content.ReadAsStringAsync();
        var actual = await nines.Content.ReadAsStringAsync();
        output.WriteLine($"{url}\nprometheus {(int)reference.StatusCode}: {Cut(expected)}\nnines      {(int)nines.StatusCode}: {Cut(actual)}");

        Assert.Equal((int)reference.StatusCode, (int)nines.StatusCode);
        Assert.Equal(reference.Content.Headers.ContentType?.MediaType, nines.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task PostForm_SameStatusAndBodyAsPrometheus(string request)
    {
        if (request.StartsWith("label/", StringComparison.Ordinal) || request.StartsWith("metadata", StringComparison.Ordinal))
        {
            return; // GET only, in Prometheus as in Nines.
        }

        var url = Expand(request);
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? url : url[..question];
        var form = question < 0 ? "" : url[(question + 1)..];

        using var reference = await fixture.Prometheus.Client.PostAsync(path, Form(form));
        using var nines = await fixture.NinesClient.PostAsync(path, Form(form));
        var expected = await reference.Content.ReadAsStringAsync();
        var actual = await nines.Content.ReadAsStringAsync();
        output.WriteLine($"POST {path} {form}\nprometheus {(int)reference.StatusCode}: {Cut(expected)}\nnines      {(int)nines.StatusCode}: {Cut(actual)}");

        Assert.Equal((int)reference.StatusCode, (int)nines.StatusCode);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task QueryRange_MillionPointAnswer_SameBytes()
    {
        // 288 bucket series × 3,601 steps: about a million points, streamed by both.
        var url = "api/v1/query_range?query=demo_api_request_duration_seconds_bucket&start="
            + ((fixture.Data.End - 3_600_000) / 1000).ToString(CultureInfo.InvariantCulture) + "&end=" + (fixture.Data.End / 1000).ToString(CultureInfo.InvariantCulture) + "&step=1";
        var (expected, prometheusTime) = await TimedGetAsync(fixture.Prometheus.Client, url);
        var (actual, ninesTime) = await TimedGetAsync(fixture.NinesClient, url);
        // The engine alone, to tell evaluation from encoding in the timings.
        var engine = (Nines.Query.PromQlEngine)fixture.Nines.Services.GetService(typeof(Nines.Query.PromQlEngine))!;
        var tenants = (Nines.Metrics.Storage.TenantMetricsStorage)fixture.Nines.Services.GetService(typeof(Nines.Metrics.Storage.TenantMetricsStorage))!;
        var source = new Nines.Query.MetricsStorageSource(await tenants.GetAsync("compat"));
        var engineTimer = Stopwatch.StartNew();
        engine.Range(source, "demo_api_request_duration_seconds_bucket", ((fixture.Data.End - 3_600_000) / 1000) * 1000, (fixture.Data.End / 1000) * 1000, 1000);
        var engineTime = engineTimer.Elapsed;
        output.WriteLine($"{expected.Length:N0} bytes; Prometheus {prometheusTime.TotalMilliseconds:F0} ms, Nines {ninesTime.TotalMilliseconds:F0} ms (engine alone {engineTime.TotalMilliseconds:F0} ms)");

        Assert.True(expected.Length > 10_000_000, "the reference answer is smaller than expected: " + expected.Length);
        Assert.True(expected == actual, $"bodies differ; first difference at byte {FirstDifference(expected, actual)}");
    }

    private static async Task<(string Body, TimeSpan Time)> TimedGetAsync(HttpClient client, string url)
    {
        // Warm once (JIT, caches), then time the second answer.
        using (await client.GetAsync(url))
        {
        }

        var timer = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return (body, timer.Elapsed);
    }

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }

    private static FormUrlEncodedContent Form(string query) =>
        new(query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
        }));

    private string Expand(string request)
    {
        var t = (fixture.Data.End / 1000.0 - 7.25).ToString("R", CultureInfo.InvariantCulture);
        var s = ((fixture.Data.End - 600_000) / 1000.0).ToString("R", CultureInfo.InvariantCulture);
        return "api/v1/" + request.Replace("{t}", t, StringComparison.Ordinal).Replace("{s}", s, StringComparison.Ordinal);
    }

    private static string Cut(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
