using System.Net;
using System.Net.Http.Json;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Functional.Tests.Security;

public sealed class TokenAuthTests
{
    [Fact]
    public async Task Api_NoToken_401ProblemSayingHowToAuthenticate()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        var response = await client.GetAsync("/api/nines/v1/whoami");
        var detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ValidToken_SeesOwnTenantAndRole()
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Editor, "team-a");
        using var client = host.CreateClient(token);
        var json = await HttpAssert.JsonAsync(await client.GetAsync("/api/nines/v1/whoami"));
        Assert.Equal("team-a", json.GetProperty("tenant").GetString());
        Assert.Equal("editor", json.GetProperty("role").GetString());
        Assert.Equal("token", json.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz", "Bearer")]
    [InlineData("Bearer not-a-nines-token", "not a Nines API token")]
    [InlineData("Bearer nines_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not known")]
    public async Task Api_BadAuthorizationHeader_401WithReason(string header, string reason)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nines/v1/whoami");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        var response = await client.SendAsync(request);
        var detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ExpiredToken_401SaysExpired()
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Admin, expiresAt: DateTimeOffset.UtcNow.AddSeconds(-1), name: "old-ci");
        using var client = host.CreateClient(token);
        var detail = await HttpAssert.ProblemAsync(await client.GetAsync("/api/nines/v1/whoami"), HttpStatusCode.Unauthorized);
        Assert.Contains("'old-ci' expired", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_RevokedToken_401SaysRevoked_AndRevocationIsAudited()
    {
        await using var host = await NinesTestHost.StartAsync();
        var admin = await host.CreateTokenAsync(Role.Admin, name: "admin-bot");
        var victim = await host.CreateTokenAsync(Role.Viewer, name: "grafana");
        using var adminClient = host.CreateClient(admin);
        using var victimClient = host.CreateClient(victim);
        Assert.Equal(HttpStatusCode.OK, (await victimClient.GetAsync("/api/nines/v1/whoami")).StatusCode);

        var list = await HttpAssert.JsonAsync(await adminClient.GetAsync("/api/nines/v1/tokens"));
        var id = list.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "grafana").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await adminClient.DeleteAsync($"/api/nines/v1/tokens/{id}")).StatusCode);

        var detail = await HttpAssert.ProblemAsync(await victimClient.GetAsync("/api/nines/v1/whoami"), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", detail, StringComparison.Ordinal);
        var audit = await HttpAssert.JsonAsync(await adminClient.GetAsync($"/api/nines/v1/audit?entity_id={id}&action=token.revoke"));
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("token:admin-bot", entry.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task CreateToken_SecretReturnedOnce_WorksAndIsNotStoredInClear()
    {
        await using var host = await NinesTestHost.StartAsync();
        var admin = await host.CreateTokenAsync(Role.Admin);
        using var client = host.CreateClient(admin);
        var created = await HttpAssert.JsonAsync(
            await client.PostAsJsonAsync("/api/nines/v1/tokens", new { name = "otel", role = "viewer", ingest = true }), HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.True(ApiTokens.LooksLikeToken(secret));

        using var newClient = host.CreateClient(secret);
        var me = await HttpAssert.JsonAsync(await newClient.GetAsync("/api/nines/v1/whoami"));
        Assert.True(me.GetProperty("ingest").GetBoolean());

        var id = created.GetProperty("token").GetProperty("id").GetString()!;
        var fetched = await client.GetStringAsync($"/api/nines/v1/tokens/{id}");
        Assert.DoesNotContain(secret, fetched, StringComparison.Ordinal);
        var audit = await client.GetStringAsync("/api/nines/v1/audit?action=token.create");
        Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiTokens.Hash(secret), audit, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(host.DataPath, "nines.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_RequireAuthentication()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var anonymous = host.CreateClient();
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/metrics"), HttpStatusCode.Unauthorized);
    }
}
