using System.Diagnostics;
using System.Globalization;
using Nines.Testing.Peers;
using Xunit.Abstractions;

namespace Nines.Compat.Tests;

/// <summary>
/// promtool 2.42 pointed at Nines prints exactly what it prints when pointed at Prometheus holding
/// the same data: instant and range queries, series and label values. Nines is reached through a
/// forwarder that adds the bearer token, since promtool's instant query cannot send a header.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class PromtoolTests(CompatFixture fixture, ITestOutputHelper output)
{
    private const string Promtool = "/usr/bin/promtool";

    [Theory]
    [InlineData("demo_num_cpus")]
    [InlineData("sum by (instance) (rate(demo_cpu_usage_seconds_total[5m]))")]
    [InlineData("histogram_quantile(0.9, sum by (le) (rate(demo_api_request_duration_seconds_bucket[5m])))")]
    public async Task PromtoolQueryInstant_SameOutputAsPrometheus(string query)
    {
        var time = Seconds(fixture.Data.End - 7_000);
        await AssertSameAsync("query", "instant", "--time=" + time, "{server}", query);
    }

    [Theory]
    [InlineData("demo_memory_usage_bytes{type=\"free\"}")]
    [InlineData("rate(demo_cpu_usage_seconds_total{mode=\"user\"}[1m])")]
    public async Task PromtoolQueryRange_SameOutputAsPrometheus(string query)
    {
        await AssertSameAsync("query", "range", "--start=" + Seconds(fixture.Data.End - 600_000), "--end=" + Seconds(fixture.Data.End), "--step=30s", "{server}", query);
    }

    [Fact]
    public async Task PromtoolQuerySeries_SameOutputAsPrometheus()
    {
        await AssertSameAsync("query", "series", "--match=demo_num_cpus", "--match=demo_disk_total_bytes", "{server}");
    }

    [Fact]
    public async Task PromtoolQueryLabels_SameOutputAsPrometheus()
    {
        await AssertSameAsync("query", "labels", "{server}", "instance");
    }

    private async Task AssertSameAsync(params string[] args)
    {
        Assert.True(File.Exists(Promtool), "promtool is not installed: run scripts/test, which installs Debian's prometheus");
        await using var proxy = await BearerProxy.StartAsync(fixture.Nines.BaseAddress, fixture.Token);
        var expected = await RunAsync(args, fixture.Prometheus.BaseAddress);
        var actual = await RunAsync(args, proxy.BaseAddress);
        output.WriteLine("prometheus: " + expected);
        output.WriteLine("nines: " + actual);
        Assert.Equal(0, expected.ExitCode);
        Assert.Equal(expected, actual);
        Assert.False(string.IsNullOrWhiteSpace(expected.Stdout), "promtool printed nothing for the reference");
    }

    private static async Task<PromtoolRun> RunAsync(string[] args, Uri server)
    {
        var info = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a == "{server}" ? server.ToString().TrimEnd('/') : a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new PromtoolRun(process.ExitCode, await stdout, await stderr);
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("R", CultureInfo.InvariantCulture);

    private sealed record PromtoolRun(int ExitCode, string Stdout, string Stderr);
}
