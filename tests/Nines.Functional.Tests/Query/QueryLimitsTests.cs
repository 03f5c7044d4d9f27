using System.Net;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// <c>query.max_samples</c> and <c>query.max_series</c> from the configuration: a query over either
/// is answered 422 with errorType execution (max_samples with Prometheus' own text), one under them
/// runs; and every query, answered or refused, leaves a line in the query log.
/// </summary>
public sealed class QueryLimitsTests(SmallQueryLimitsFixture fixture) : IClassFixture<SmallQueryLimitsFixture>
{
    [Fact]
    public async Task Query_MoreSamplesThanMaxSamples_422WithPrometheusText()
    {
        // The subquery holds 3,601 samples; query.max_samples is 1,000.
        using var response = await fixture.Client.GetAsync("/api/v1/query?time=3600&query=" + Uri.EscapeDataString("sum_over_time(vector(1)[1h:1s])"));

        var error = await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.UnprocessableEntity, "execution");
        Assert.Equal("query processing would load too many samples into memory in query execution", error);
    }

    [Fact]
    public async Task Query_FewerSamplesThanMaxSamples_Answered()
    {
        using var response = await fixture.Client.GetAsync("/api/v1/query?time=3600&query=" + Uri.EscapeDataString("sum_over_time(vector(1)[5m:1s])"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"301\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_SelectsMoreSeriesThanMaxSeries_422NamingTheSetting()
    {
        using var response = await fixture.Client.GetAsync($"/api/v1/query?time={Seconds(60_000)}&query=limit_test_gauge");

        var error = await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.UnprocessableEntity, "execution");
        Assert.Equal("query processing would select too many series from storage (more than query.max_series = 2)", error);
    }

    [Fact]
    public async Task Query_SelectorsTogetherOverMaxSeries_422_EachUnderIt_Answered()
    {
        var t = Seconds(60_000);
        using var under = await fixture.Client.GetAsync($"/api/v1/query?time={t}&query=" + Uri.EscapeDataString("limit_test_gauge{instance=~\"a|b\"}"));
        using var over = await fixture.Client.GetAsync($"/api/v1/query?time={t}&query=" + Uri.EscapeDataString("limit_test_gauge{instance=\"a\"} + limit_test_gauge{instance=~\"b|c\"}"));

        Assert.Equal(HttpStatusCode.OK, under.StatusCode);
        await PrometheusApiErrorTests.ErrorAsync(over, HttpStatusCode.UnprocessableEntity, "execution");
    }

    [Fact]
    public async Task QueryLog_AnsweredAndRefusedQueries_OneJsonLineEach()
    {
        const string ok = "count_over_time(limit_test_gauge{instance=\"a\"}[5m])";
        const string refused = "count_over_time(limit_test_gauge[5m])";
        var end = Seconds(150_000);
        using (await fixture.Client.GetAsync($"/api/v1/query_range?start={Seconds(0)}&end={end}&step=30&query=" + Uri.EscapeDataString(ok)))
        using (await fixture.Client.GetAsync($"/api/v1/query?time={end}&query=" + Uri.EscapeDataString(refused)))
        {
        }

        var answered = Assert.Single(await fixture.LogLinesAsync(ok));
        Assert.Equal(QueryLimitsFixture.Tenant, answered.GetProperty("tenant").GetString());
        Assert.Equal("ok", answered.GetProperty("status").GetString());
        Assert.Equal(1, answered.GetProperty("series").GetInt32());
        Assert.Equal(30, answered.GetProperty("params").GetProperty("step").GetDouble());
        Assert.Equal("2015-07-01T20:10:30.781Z", answered.GetProperty("params").GetProperty("start").GetString());
        Assert.Equal("/api/v1/query_range", answered.GetProperty("httpRequest").GetProperty("path").GetString());
        // Each of the 6 steps' 5m window reads the series' samples: 10 loaded from storage in all at least.
        Assert.True(answered.GetProperty("stats").GetProperty("samples").GetProperty("totalQueryableSamples").GetInt64() >= 10);
        Assert.True(answered.GetProperty("stats").GetProperty("timings").GetProperty("execTotalTime").GetDouble() > 0);

        var error = Assert.Single(await fixture.LogLinesAsync(refused));
        Assert.Equal(("error", "execution", 0), (error.GetProperty("status").GetString(), error.GetProperty("errorType").GetString(), error.GetProperty("series").GetInt32()));
        Assert.Equal(0, error.GetProperty("params").GetProperty("step").GetDouble());
    }

    private static string Seconds(long offsetMs) => ((QueryApiFixture.T0 + offsetMs) / 1000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
