using System.Net;
using System.Text.Json;

namespace Nines.Functional.Tests.Query;

/// <summary>Labels, label values, metadata, exemplars and status endpoints over the fixture's data.</summary>
public sealed class PrometheusApiMetadataTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    [Fact]
    public async Task Labels_TenantWithData_SortedNamesOfItsSeriesOnly()
    {
        var data = await DataAsync(fixture.TeamA, "/api/v1/labels");

        Assert.Equal(["__name__", "instance", "job", "zone"], data.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task LabelValues_MetricName_OtherTenantsMetricsInvisible()
    {
        var a = await DataAsync(fixture.TeamA, "/api/v1/label/__name__/values");
        var b = await DataAsync(fixture.TeamB, "/api/v1/label/__name__/values");

        Assert.Equal(["api_test_gauge", "api_test_other"], a.EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["team_b_only"], b.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task LabelValues_Limit_TruncatesWithWarning()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/label/__name__/values?limit=1");
        var root = await HttpAssert.JsonAsync(response);

        Assert.Equal(["api_test_gauge"], root.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("results truncated due to limit", root.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task LabelValues_UnknownLabel_EmptyList()
    {
        var data = await DataAsync(fixture.TeamA, "/api/v1/label/nonexistent/values");

        Assert.Equal(JsonValueKind.Array, data.ValueKind);
        Assert.Equal(0, data.GetArrayLength());
    }

    [Fact]
    public async Task Metadata_NothingStored_EmptyObject()
    {
        var data = await DataAsync(fixture.TeamA, "/api/v1/metadata");

        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.Empty(data.EnumerateObject());
    }

    [Fact]
    public async Task BuildInfo_ReportsPrometheusApiVersion()
    {
        var data = await DataAsync(fixture.TeamA, "/api/v1/status/buildinfo");

        Assert.Equal("2.42.0", data.GetProperty("version").GetString());
        Assert.StartsWith("nines-", data.GetProperty("revision").GetString(), StringComparison.Ordinal);
        foreach (var field in new[] { "branch", "buildUser", "buildDate", "goVersion" })
        {
            Assert.Equal(JsonValueKind.String, data.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public async Task RuntimeInfo_HasPrometheusFields()
    {
        var data = await DataAsync(fixture.TeamA, "/api/v1/status/runtimeinfo");

        Assert.True(data.GetProperty("GOMAXPROCS").GetInt32() >= 1);
        Assert.True(data.GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(data.GetProperty("startTime").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task TsdbStatus_CountsTheTenantsSeries()
    {
        var data = await DataAsync(fixture.TeamA, "/api/v1/status/tsdb");

        var head = data.GetProperty("headStats");
        Assert.Equal(2, head.GetProperty("numSeries").GetInt64());
        Assert.Equal(QueryApiFixture.T0, head.GetProperty("minTime").GetInt64());
        Assert.Equal(QueryApiFixture.T0 + (6 * 15_000), head.GetProperty("maxTime").GetInt64());
        // Worked out by hand: pairs __name__×2, job=api (2 series), instance=a:1, zone=z1 → 5 pairs.
        Assert.Equal(5, head.GetProperty("numLabelPairs").GetInt32());
        // One open chunk per series: 7 and 1 samples.
        Assert.Equal(2, head.GetProperty("chunkCount").GetInt64());
        var byPair = data.GetProperty("seriesCountByLabelValuePair");
        Assert.Equal("job=api", byPair[0].GetProperty("name").GetString());
        Assert.Equal(2, byPair[0].GetProperty("value").GetInt64());
        var byName = data.GetProperty("labelValueCountByLabelName");
        Assert.Equal("__name__", byName[0].GetProperty("name").GetString());
        Assert.Equal(2, byName[0].GetProperty("value").GetInt64());
        // "job" has one value "api" in two series: 3 bytes × 2.
        var memory = data.GetProperty("memoryInBytesByLabelName").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetInt64());
        Assert.Equal(6, memory["job"]);
        Assert.Equal(14 + 14, memory["__name__"]);
    }

    [Fact]
    public async Task QueryExemplars_NoneStored_EmptyList()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query_exemplars?query=" + Uri.EscapeDataString("api_test_gauge"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", body);
    }

    private static async Task<JsonElement> DataAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var root = await HttpAssert.JsonAsync(response);
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root.GetProperty("data");
    }
}
