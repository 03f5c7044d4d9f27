using System.Net;
using Nines.Testing;

namespace Nines.Functional.Tests.Api;

public sealed class StatusPageTests
{
    [Fact]
    public async Task UnknownPage_Browser_Gets404HtmlPage()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is no GET /no/such/page", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownRoute_WrongMethod_405WithAllow()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Nines.Core.Security.Role.Admin));
        var response = await client.PutAsync("/api/nines/v1/tokens", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Contains("PUT is not allowed", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_PathWithMarkup_IsEncoded()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        request.Headers.Add("Accept", "text/html");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiRoute_Post_404Problem()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Nines.Core.Security.Role.Viewer));
        var response = await client.PostAsync("/api/nines/v1/nothing-here", new StringContent("{}"));
        var detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("POST /api/nines/v1/nothing-here", detail, StringComparison.Ordinal);
    }
}
