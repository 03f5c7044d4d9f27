using System.Net;
using System.Text.Json;

namespace Nines.Functional.Tests.Query;

/// <summary>Thanos' <c>max_source_resolution</c> on /api/v1/query and /api/v1/query_range (downsampled data).</summary>
public sealed class MaxSourceResolutionTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    [Theory]
    [InlineData("/api/v1/query_range?query=1&start=0&end=60&step=15&max_source_resolution=")]
    [InlineData("/api/v1/query_range?query=1&start=0&end=60&step=15&max_source_resolution=auto")]
    [InlineData("/api/v1/query_range?query=1&start=0&end=60&step=15&max_source_resolution=raw")]
    [InlineData("/api/v1/query_range?query=1&start=0&end=60&step=15&max_source_resolution=1h")]
    [InlineData("/api/v1/query?query=1&max_source_resolution=5m")]
    public async Task Get_ValidMaxSourceResolution_200WithoutInfosWhenNothingWasDownsampled(string url)
    {
        using var response = await fixture.TeamA.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("success", body.RootElement.GetProperty("status").GetString());
        Assert.False(body.RootElement.TryGetProperty("infos", out _));
    }

    [Theory]
    [InlineData("/api/v1/query_range?query=1&start=0&end=60&step=15&max_source_resolution=fine")]
    [InlineData("/api/v1/query?query=1&max_source_resolution=-5m")]
    public async Task Get_BadMaxSourceResolution_400NamingTheParameterAndTheChoices(string url)
    {
        using var response = await fixture.TeamA.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_data", body.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith("invalid parameter \"max_source_resolution\": cannot parse", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("use auto, raw, 5m or 1h", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
