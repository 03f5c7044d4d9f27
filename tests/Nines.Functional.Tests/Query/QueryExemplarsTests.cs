using System.Net;

namespace Nines.Functional.Tests.Query;

/// <summary><c>/api/v1/query_exemplars</c> over exemplars remote-written into the fixture's tenant.</summary>
public sealed class QueryExemplarsTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    private const long T0 = QueryApiFixture.T0;

    private static string Url(string query, long? start = null, long? end = null) =>
        "/api/v1/query_exemplars?query=" + Uri.EscapeDataString(query)
        + (start is { } s ? "&start=" + (s / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
        + (end is { } e ? "&end=" + (e / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    private static async Task<string> BodyAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    [Fact]
    public async Task QueryExemplars_SelectorInsideAnExpression_PrometheusShape()
    {
        var body = await BodyAsync(fixture.TeamA, Url("sum(rate(api_test_other[5m])) / 2"));

        Assert.Equal(
            "{\"status\":\"success\",\"data\":[{\"seriesLabels\":{\"__name__\":\"api_test_other\",\"job\":\"api\",\"zone\":\"z1\"},\"exemplars\":["
            + "{\"labels\":{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"},\"value\":\"0.25\",\"timestamp\":1435781430.781},"
            + "{\"labels\":{\"span_id\":\"00f067aa0ba902b7\",\"trace_id\":\"00f067aa0ba902b7a3ce929d0e0e4736\"},\"value\":\"1e-07\",\"timestamp\":1435781445.781}]}]}",
            body);
    }

    [Fact]
    public async Task QueryExemplars_Range_OnlyExemplarsInside()
    {
        var body = await BodyAsync(fixture.TeamA, Url("api_test_other", T0 + 1, T0 + 60_000));

        Assert.DoesNotContain("4bf92f3577b34da6a3ce929d0e0e4736", body, StringComparison.Ordinal);
        Assert.Contains("00f067aa0ba902b7a3ce929d0e0e4736", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryExemplars_OtherTenant_SeesNone()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", await BodyAsync(fixture.TeamB, Url("api_test_other")));
    }

    [Fact]
    public async Task QueryExemplars_NoSelector_NoContentAsPrometheus()
    {
        using var response = await fixture.TeamA.GetAsync(Url("1 + 1"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QueryExemplars_EndBeforeStart_BadData()
    {
        using var response = await fixture.TeamA.GetAsync(Url("api_test_other", T0, T0 - 1000));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("end timestamp must not be before start timestamp", body, StringComparison.Ordinal);
    }
}
