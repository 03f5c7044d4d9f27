using System.Net;
using System.Text.Json;
using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;

namespace Nines.Functional.Tests.Api;

public sealed class CardinalityApiTests
{
    [Fact]
    public async Task Get_AfterLabelExplodes_ReportNamesTheMetricAndTheLabel()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        await CardinalityWorkload.WriteAsync(sender);

        var report = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/nines/v1/cardinality?limit=2&window=30m"));

        Assert.Equal(43, report.GetProperty("series").GetInt64());
        Assert.Equal(43, report.GetProperty("created").GetInt64());
        Assert.Equal("30m", report.GetProperty("window").GetString());
        var topMetric = report.GetProperty("metrics_by_series")[0];
        Assert.Equal(("http_requests_total", 40L, 40L), (topMetric.GetProperty("name").GetString(), topMetric.GetProperty("series").GetInt64(), topMetric.GetProperty("created").GetInt64()));
        Assert.Equal("http_requests_total", report.GetProperty("metrics_by_churn")[0].GetProperty("name").GetString());
        var topLabel = report.GetProperty("labels_by_values")[0];
        Assert.Equal(("request_id", 40L), (topLabel.GetProperty("name").GetString(), topLabel.GetProperty("values").GetInt64()));
        Assert.Equal(2, report.GetProperty("labels_by_values").GetArrayLength());
        var topPair = report.GetProperty("pairs_by_series")[0];
        Assert.Equal(("job", "api", 43L), (topPair.GetProperty("name").GetString(), topPair.GetProperty("value").GetString(), topPair.GetProperty("series").GetInt64()));
    }

    [Fact]
    public async Task Get_MetricDrillDown_ExplodedLabelFirstWithItsTopValues()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        await CardinalityWorkload.WriteAsync(sender);

        var metric = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/nines/v1/cardinality?metric=http_requests_total&limit=1"));

        Assert.Equal(40, metric.GetProperty("series").GetInt64());
        var labels = metric.GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal(["request_id", "status", "job"], labels.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(40, labels[0].GetProperty("new_values").GetInt64());
        var status = Assert.Single(labels[1].GetProperty("top_values").EnumerateArray());
        Assert.Equal(("200", 30L), (status.GetProperty("value").GetString(), status.GetProperty("series").GetInt64()));
    }

    [Fact]
    public async Task Get_OtherTenantsSeries_NotCounted()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var otherViewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-b"));
        await CardinalityWorkload.WriteAsync(sender);

        var report = await HttpAssert.JsonAsync(await otherViewer.GetAsync("/api/nines/v1/cardinality"));
        var missing = await otherViewer.GetAsync("/api/nines/v1/cardinality?metric=http_requests_total");

        Assert.Equal(0, report.GetProperty("series").GetInt64());
        Assert.Equal(JsonValueKind.Array, report.GetProperty("metrics_by_series").ValueKind);
        Assert.Equal(0, report.GetProperty("metrics_by_series").GetArrayLength());
        await HttpAssert.ProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0", "limit: expected a whole number from 1 to 1000")]
    [InlineData("limit=ten", "limit: expected a whole number from 1 to 1000")]
    [InlineData("window=90", "window: a duration needs a unit")]
    [InlineData("window=2d", "window: must be from 1m to 1d")]
    [InlineData("metric=", "metric: give a metric name")]
    public async Task Get_BadParameter_400SayingWhich(string query, string expected)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));

        var detail = await HttpAssert.ProblemAsync(await viewer.GetAsync("/api/nines/v1/cardinality?" + query), HttpStatusCode.BadRequest);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }
}
