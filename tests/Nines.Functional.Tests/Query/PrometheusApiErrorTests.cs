using System.Net;
using System.Text.Json;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// Parameter errors answer as Prometheus 2.42 does: the same status code, errorType and message
/// text (each expected string below was read from a real Prometheus 2.42 answer to the same URL).
/// Grafana and promtool show these messages to users, so they are part of the contract.
/// </summary>
public sealed class PrometheusApiErrorTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    [Theory]
    [InlineData("/api/v1/query_range?query=1", "invalid parameter \"start\": cannot parse \"\" to a valid timestamp")]
    [InlineData("/api/v1/query_range?query=1&start=10", "invalid parameter \"end\": cannot parse \"\" to a valid timestamp")]
    [InlineData("/api/v1/query_range?query=1&start=10&end=5&step=1", "invalid parameter \"end\": end timestamp must not be before start time")]
    [InlineData("/api/v1/query_range?query=1&start=0&end=20000&step=1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    [InlineData("/api/v1/query_range?query=1&start=0&end=2&step=0", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("/api/v1/query_range?query=1&start=0&end=2&step=abc", "invalid parameter \"step\": cannot parse \"abc\" to a valid duration")]
    [InlineData("/api/v1/query?query=1&time=abc", "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"abc\" to a valid timestamp")]
    [InlineData("/api/v1/query?query=1&timeout=xyz", "invalid parameter \"timeout\": cannot parse \"xyz\" to a valid duration")]
    [InlineData("/api/v1/labels?start=abc", "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"abc\" to a valid timestamp")]
    [InlineData("/api/v1/series", "no match[] parameter provided")]
    [InlineData("/api/v1/label/1bad/values", "invalid label name: \"1bad\"")]
    [InlineData("/api/v1/query_exemplars", "1:1: parse error: no expression found in input")]
    public async Task Get_InvalidParameter_400BadDataWithPrometheusMessage(string url, string expected)
    {
        using var response = await fixture.TeamA.GetAsync(url);

        var body = await ErrorAsync(response, HttpStatusCode.BadRequest, "bad_data");
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task PostForm_InvalidParameter_SameAnswerAsGet()
    {
        using var content = new FormUrlEncodedContent([new("query", "1"), new("start", "10"), new("end", "5"), new("step", "1")]);
        using var response = await fixture.TeamA.PostAsync("/api/v1/query_range", content);

        Assert.Equal("invalid parameter \"end\": end timestamp must not be before start time", await ErrorAsync(response, HttpStatusCode.BadRequest, "bad_data"));
    }

    [Fact]
    public async Task PostForm_BodyValueWinsOverUrlValue_AsGoFormValue()
    {
        // Go's r.FormValue reads the body before the URL: the bad step in the body must be the one reported.
        using var content = new FormUrlEncodedContent([new("step", "body-step")]);
        using var response = await fixture.TeamA.PostAsync("/api/v1/query_range?query=1&start=0&end=2&step=url-step", content);

        Assert.Equal("invalid parameter \"step\": cannot parse \"body-step\" to a valid duration", await ErrorAsync(response, HttpStatusCode.BadRequest, "bad_data"));
    }

    [Theory]
    [InlineData("2015-07-01T20:10:51.781Z")]
    [InlineData("1435781451.781")]
    [InlineData("2015-07-01T22:10:51.781+02:00")]
    public async Task QueryRange_StartAsRfc3339OrUnixSeconds_Accepted(string start)
    {
        // The end before this start proves the start parsed to 1435781451.781 in every notation.
        using var response = await fixture.TeamA.GetAsync($"/api/v1/query_range?query=1&start={Uri.EscapeDataString(start)}&end=1435781451.780&step=1");

        Assert.Equal("invalid parameter \"end\": end timestamp must not be before start time", await ErrorAsync(response, HttpStatusCode.BadRequest, "bad_data"));
    }

    [Theory]
    [InlineData("15s")]
    [InlineData("1m30s")]
    [InlineData("0.5")]
    public async Task QueryRange_StepAsDurationOrSeconds_Accepted(string step)
    {
        // 11,000 points is the limit: a step that parses to the expected width passes the check
        // with exactly 11,000 points and fails it with one step more.
        var ms = step switch { "15s" => 15_000, "1m30s" => 90_000, _ => 500 };
        var atLimit = ms * 11_000L / 1000.0;
        var overLimit = ms * 11_001L / 1000.0;
        using var over = await fixture.TeamA.GetAsync($"/api/v1/query_range?query=1&start=0&end={overLimit}&step={step}");
        Assert.Contains("exceeded maximum resolution", await ErrorAsync(over, HttpStatusCode.BadRequest, "bad_data"), StringComparison.Ordinal);

        using var at = await fixture.TeamA.GetAsync($"/api/v1/query_range?query=1&start=0&end={atLimit}&step={step}");
        Assert.NotEqual(HttpStatusCode.BadRequest, at.StatusCode);
    }

    [Fact]
    public async Task Query_WithoutToken_401()
    {
        using var anonymous = fixture.Host.CreateClient();
        using var response = await anonymous.GetAsync("/api/v1/query?query=up");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    internal static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("error", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(errorType, doc.RootElement.GetProperty("errorType").GetString());
        Assert.False(doc.RootElement.TryGetProperty("data", out _), "an error carries no data: " + body);
        return doc.RootElement.GetProperty("error").GetString()!;
    }
}
