using System.Net;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// Query answers byte for byte as Prometheus 2.42 writes them for the same data: the envelope, the
/// labels, the timestamps (1435781430.781) and the values ("1e-07", "+Inf", "NaN"). These need
/// the PromQL engine (branch wt/promql).
/// </summary>
public sealed class PrometheusApiQueryTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    private const string Metric = "{\"__name__\":\"api_test_gauge\",\"instance\":\"a:1\",\"job\":\"api\"}";

    [Fact]
    public async Task QueryRange_Gauge_ValuesFormattedAsPrometheus()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query_range?query=api_test_gauge&start=1435781430.781&end=1435781520.781&step=15");

        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":" + Metric + ",\"values\":["
            + "[1435781430.781,\"1\"],[1435781445.781,\"0.1\"],[1435781460.781,\"1e-07\"],[1435781475.781,\"2.5e+21\"],"
            + "[1435781490.781,\"+Inf\"],[1435781505.781,\"-Inf\"],[1435781520.781,\"NaN\"]]}]}}",
            await BodyAsync(response));
    }

    [Fact]
    public async Task Query_InstantVector_ValueAtTime()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query?query=api_test_gauge&time=2015-07-01T20:10:46Z");

        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":" + Metric + ",\"value\":[1435781446,\"0.1\"]}]}}",
            await BodyAsync(response));
    }

    [Fact]
    public async Task Query_Scalar_TimeAsFloatValueNeverExponent()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query?query=1e-7&time=1.5");

        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"0.0000001\"]}}", await BodyAsync(response));
    }

    [Fact]
    public async Task Query_String_ResultTypeString()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString("\"str\"") + "&time=1.5");

        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1.5,\"str\"]}}", await BodyAsync(response));
    }

    [Fact]
    public async Task QueryPostForm_SameAnswerAsGet()
    {
        using var content = new FormUrlEncodedContent([new("query", "api_test_gauge"), new("time", "1435781446")]);
        using var post = await fixture.TeamA.PostAsync("/api/v1/query", content);
        using var get = await fixture.TeamA.GetAsync("/api/v1/query?query=api_test_gauge&time=1435781446");

        Assert.Equal(await BodyAsync(get), await BodyAsync(post));
    }

    [Fact]
    public async Task Query_ParseError_400WithPosition()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString("foo(") + "&time=1");

        Assert.Equal("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis",
            await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.BadRequest, "bad_data"));
    }

    [Fact]
    public async Task Query_TimeoutZero_503Timeout()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/query_range?query=1&start=0&end=2&step=1&timeout=0");

        Assert.Equal("query timed out in query execution", await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "timeout"));
    }

    [Fact]
    public async Task Series_Selector_LabelSetsOfTheTenant()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/series?match[]=" + Uri.EscapeDataString("{job=\"api\"}") + "&match[]=api_test_gauge");

        Assert.Equal(
            "{\"status\":\"success\",\"data\":[" + Metric + ",{\"__name__\":\"api_test_other\",\"job\":\"api\",\"zone\":\"z1\"}]}",
            await BodyAsync(response));
    }

    [Fact]
    public async Task Series_OnlyEmptyMatchers_400()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/series?match[]=" + Uri.EscapeDataString("{job=\"\"}"));

        Assert.Equal("invalid parameter \"match[]\": match[] must contain at least one non-empty matcher",
            await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.BadRequest, "bad_data"));
    }

    [Fact]
    public async Task FormatQuery_PrettyPrints()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/format_query?query=" + Uri.EscapeDataString("sum(up)by(job)"));

        Assert.Equal("{\"status\":\"success\",\"data\":\"sum by (job) (up)\"}", await BodyAsync(response));
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
