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
        var t = (fixture.Data.End / 1000.0 - 7.25).ToString("R", CultureInfo.InvariantCulture);
        var s = ((fixture.Data.End - 600_000) / 1000.0).ToString("R", CultureInfo.InvariantCulture);
        var url = "api/v1/" + request.Replace("{t}", t, StringComparison.Ordinal).Replace("{s}", s, StringComparison.Ordinal);

        using var reference = await fixture.Prometheus.Client.GetAsync(url);
        using var nines = await fixture.NinesClient.GetAsync(url);
        var expected = await reference.Content.ReadAsStringAsync();
        var actual = await nines.Content.ReadAsStringAsync();
        output.WriteLine($"{url}\nprometheus {(int)reference.StatusCode}: {Cut(expected)}\nnines      {(int)nines.StatusCode}: {Cut(actual)}");

        Assert.Equal((int)reference.StatusCode, (int)nines.StatusCode);
        Assert.Equal(reference.Content.Headers.ContentType?.MediaType, nines.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, actual);
    }

    private static string Cut(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
