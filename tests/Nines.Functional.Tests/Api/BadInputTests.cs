using System.Net;
using System.Net.Http.Json;
using System.Text;
using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Store.Model;
using Nines.Testing;

namespace Nines.Functional.Tests.Api;

public sealed class BadInputTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task MalformedJson_400WithLineAndColumn()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var detail = await HttpAssert.ProblemAsync(
            await client.PostAsync("/api/nines/v1/tokens", Json("{\n  \"name\": \"x\",\n  \"role\": viewer\n}")), HttpStatusCode.BadRequest);
        Assert.Contains("line 3", detail, StringComparison.Ordinal);
        Assert.Contains("column", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongJsonType_400NamesTheField()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var detail = await HttpAssert.ProblemAsync(
            await client.PostAsync("/api/nines/v1/tokens", Json("{\"name\": \"x\", \"role\": \"viewer\", \"ingest\": \"yes\"}")), HttpStatusCode.BadRequest);
        Assert.Contains("ingest", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownField_400NamesTheField()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var detail = await HttpAssert.ProblemAsync(
            await client.PostAsync("/api/nines/v1/tokens", Json("{\"name\": \"x\", \"role\": \"viewer\", \"roel\": \"admin\"}")), HttpStatusCode.BadRequest);
        Assert.Contains("roel", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentType_415()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var detail = await HttpAssert.ProblemAsync(
            await client.PostAsync("/api/nines/v1/tokens", new StringContent("name=x", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverLimit_413_AndNothingStored()
    {
        await using var host = await NinesTestHost.StartAsync(o => o.Server.MaxRequestBodyBytes = 4096);
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var before = (await host.Store.ListTokensAsync(TenantId.Default)).Count;
        var big = "{\"name\": \"" + new string('x', 10_000) + "\", \"role\": \"viewer\"}";
        await HttpAssert.ProblemAsync(await client.PostAsync("/api/nines/v1/tokens", Json(big)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, (await host.Store.ListTokensAsync(TenantId.Default)).Count);
    }

    [Fact]
    public async Task UnknownRoute_404Problem()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var detail = await HttpAssert.ProblemAsync(await client.GetAsync("/api/nines/v1/no-such-thing"), HttpStatusCode.NotFound);
        Assert.Contains("/api/nines/v1/no-such-thing", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_405Problem()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var response = await client.PutAsync("/api/nines/v1/whoami", Json("{}"));
        await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("{\"role\": \"viewer\"}", "name")]
    [InlineData("{\"name\": \"x\", \"role\": \"root\"}", "viewer, responder, editor, admin")]
    [InlineData("{\"name\": \"x\", \"role\": \"viewer\", \"expires_at\": \"2001-01-01T00:00:00Z\"}", "in the past")]
    public async Task CreateToken_InvalidValue_400SaysWhatToFix_NothingStored(string body, string hint)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var auditBefore = (await host.Store.QueryAuditAsync(new AuditQuery(TenantId.Default, Limit: 1000))).Count;
        var detail = await HttpAssert.ProblemAsync(await client.PostAsync("/api/nines/v1/tokens", Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains(hint, detail, StringComparison.Ordinal);
        Assert.Equal(auditBefore, (await host.Store.QueryAuditAsync(new AuditQuery(TenantId.Default, Limit: 1000))).Count);
    }

    [Theory]
    [InlineData("{\"role\": \"viewer\"}", "username")]
    [InlineData("{\"username\": \"has space\", \"role\": \"viewer\"}", "username")]
    [InlineData("{\"username\": \"erin\", \"role\": \"boss\"}", "role")]
    [InlineData("{\"username\": \"erin\", \"role\": \"viewer\", \"password\": \"short\"}", "12 characters")]
    public async Task CreateUser_InvalidValue_400_NothingStored(string body, string hint)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var detail = await HttpAssert.ProblemAsync(await client.PostAsync("/api/nines/v1/users", Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains(hint, detail, StringComparison.Ordinal);
        Assert.Null(await host.Store.FindUserByNameAsync("erin"));
    }

    [Fact]
    public async Task CreateUser_Duplicate_409()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/nines/v1/users", new { username = "erin", role = "viewer" })).StatusCode);
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/nines/v1/users", new { username = "ERIN", role = "editor" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateUser_WithoutPassword_ReturnsWorkingSetupLink()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        var created = await HttpAssert.JsonAsync(
            await client.PostAsJsonAsync("/api/nines/v1/users", new { username = "erin", role = "responder", display_name = "Erin" }), HttpStatusCode.Created);
        var url = created.GetProperty("setup_url").GetString()!;
        Assert.StartsWith(host.BaseAddress.ToString().TrimEnd('/') + "/setup/nines_", url, StringComparison.Ordinal);
        Assert.False(created.GetProperty("user").GetProperty("has_password").GetBoolean());
        var secret = url[(url.LastIndexOf('/') + 1)..];
        Assert.NotNull(await host.Store.ConsumeSetupLinkAsync(ApiTokens.Hash(secret), DateTimeOffset.UtcNow));
    }
}
