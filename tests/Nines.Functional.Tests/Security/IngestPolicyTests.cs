using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Functional.Tests.Security;

/// <summary>
/// The ingest policy that every telemetry endpoint (OTLP, remote write, Loki push) will carry,
/// exercised through a stand-in endpoint until the ingest issue maps the real ones.
/// </summary>
public sealed class IngestPolicyTests
{
    private static Task<NinesTestHost> StartAsync(bool anonymous) => NinesTestHost.StartAsync(
        o => o.Auth.AnonymousIngest = anonymous,
        endpoints: e => e.MapPost("/v1/test-ingest", () => Results.NoContent()).RequireAuthorization(NinesPolicies.Ingest));

    [Fact]
    public async Task Ingest_NoToken_AnonymousOff_401()
    {
        await using var host = await StartAsync(anonymous: false);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/v1/test-ingest", null)).StatusCode);
    }

    [Fact]
    public async Task Ingest_TokenWithoutIngestPermission_403SaysHowToFix()
    {
        await using var host = await StartAsync(anonymous: false);
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin, ingest: false));
        var response = await client.PostAsync("/v1/test-ingest", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("--ingest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_TokenWithIngestPermission_Accepted()
    {
        await using var host = await StartAsync(anonymous: false);
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/v1/test-ingest", null)).StatusCode);
    }

    [Fact]
    public async Task Ingest_AnonymousOn_NoTokenAccepted_ButBadTokenStillRejected()
    {
        await using var host = await StartAsync(anonymous: true);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsync("/v1/test-ingest", null)).StatusCode);
        using var bad = host.CreateClient("nines_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.PostAsync("/v1/test-ingest", null)).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1:0", true)]
    [InlineData("0.0.0.0:0", false)]
    public async Task Demo_AnonymousIngestOnlyOnLoopback(string listen, bool expected)
    {
        await using var host = await NinesTestHost.StartAsync(o => o.Server.Listen = listen, demo: true);
        var options = (IOptions<NinesOptions>)host.Services.GetService(typeof(IOptions<NinesOptions>))!;
        Assert.Equal(expected, options.Value.Auth.AnonymousIngest);
    }
}
