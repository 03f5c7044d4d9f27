using Nines.Cli;
using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Tests.Cli;

public sealed class DataVerbTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task TokenCreate_Role_PrintsOnlyTheSecretAndStoresItsHash()
    {
        var run = await Run("token", "create", "--role", "editor", "--name", "ci-deploy", "--ingest", "--expires", "30d");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var secret = Assert.Single(run.OutLines);
        Assert.Equal(secret + Environment.NewLine, run.Out);
        Assert.True(ApiTokens.LooksLikeToken(secret));
        Assert.DoesNotContain(secret, run.Error, StringComparison.Ordinal);
        Assert.Contains("shown only this once", run.Error, StringComparison.Ordinal);

        await using var store = await _cli.OpenStoreAsync();
        var token = await store.FindTokenByHashAsync(ApiTokens.Hash(secret));
        Assert.NotNull(token);
        Assert.Equal(("default", "ci-deploy", Role.Editor, true), (token.TenantId, token.Name, token.Role, token.Ingest));
        Assert.Equal(_cli.Time.GetUtcNow().AddDays(30), token.ExpiresAt);
        Assert.Null(token.RevokedAt);
        var audit = await store.QueryAuditAsync(new AuditQuery("default", Actor: Actor.Cli.Name, EntityType: null));
        Assert.Contains(audit, e => e.EntityId == token.Id);
    }

    [Fact]
    public async Task TokenCreate_NoName_NamesItAfterTheTime()
    {
        var run = await Run("token", "create", "--role", "viewer");

        await using var store = await _cli.OpenStoreAsync();
        var token = await store.FindTokenByHashAsync(ApiTokens.Hash(run.OutLines[0]));
        Assert.Equal("cli-20250301-120000", token!.Name);
        Assert.Null(token.ExpiresAt);
        Assert.False(token.Ingest);
    }

    [Fact]
    public async Task TokenCreate_OtherTenant_StoresItThere()
    {
        await CreateTenantAsync("acme");

        var run = await Run("token", "create", "--role", "admin", "--tenant", "acme");

        await using var store = await _cli.OpenStoreAsync();
        Assert.Equal("acme", (await store.FindTokenByHashAsync(ApiTokens.Hash(run.OutLines[0])))!.TenantId);
    }

    [Fact]
    public async Task TokenCreate_UnknownTenant_ExitsFailureListingTenants()
    {
        await CreateTenantAsync("acme");

        var run = await Run("token", "create", "--role", "viewer", "--tenant", "nope");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("nines: tenant 'nope' does not exist; tenants: acme", run.ErrorLines[0]);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task TokenList_CreatedAndRevoked_ShowsEachWithItsState()
    {
        await Run("token", "create", "--role", "viewer", "--name", "kept");
        await Run("token", "create", "--role", "editor", "--name", "gone", "--ingest");
        await using (var store = await _cli.OpenStoreAsync())
        {
            var gone = (await store.ListTokensAsync("default")).Single(t => t.Name == "gone");
            var revoke = await Run("token", "revoke", gone.Id);
            Assert.Equal(ExitCodes.Ok, revoke.ExitCode);
            Assert.Equal($"Revoked token {gone.Id}.", revoke.OutLines[0]);
        }

        var run = await Run("token", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(3, run.OutLines.Length);
        Assert.Matches(@"^ID\s+NAME\s+ROLE\s+INGEST\s+CREATED\s+EXPIRES\s+LAST USED\s+STATE$", run.OutLines[0]);
        Assert.Matches(@"\skept\s+viewer\s+no\s+2025-03-01 12:00:00Z\s+never\s+-\s+active$", Assert.Single(run.OutLines, l => l.Contains("kept", StringComparison.Ordinal)));
        Assert.Matches(@"\sgone\s+editor\s+yes\s+.*\srevoked$", Assert.Single(run.OutLines, l => l.Contains("gone", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TokenRevoke_UnknownId_ExitsFailure()
    {
        var run = await Run("token", "revoke", "0123456789abcdef0123456789abcdef");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("nines: tenant 'default' has no token '0123456789abcdef0123456789abcdef'", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdd_PasswordStdin_StoresAVerifiablePasswordHash()
    {
        var run = await _cli.RunWithInputAsync(Password + "\n",
            "user", "add", "alice", "--role", "admin", "--display-name", "Alice A.", "--password-stdin", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("Added user 'alice' (admin in tenant 'default').", run.OutLines[0]);
        await using var store = await _cli.OpenStoreAsync();
        var user = await store.FindUserByNameAsync("alice");
        Assert.NotNull(user);
        Assert.Equal("Alice A.", user.DisplayName);
        Assert.True(PasswordHasher.Verify(Password, user.PasswordHash));
        Assert.Equal(Role.Admin, (await store.GetTenantUserAsync("default", user.Id))!.Role);
    }

    [Fact]
    public async Task UserAdd_NoPassword_PrintsASetupLinkTheStoreAccepts()
    {
        var run = await Run("user", "add", "bob", "--role", "responder");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var link = Assert.Single(run.OutLines);
        Assert.StartsWith("http://127.0.0.1:9999/setup/nines_", link, StringComparison.Ordinal);
        Assert.Contains("expires in 1d", run.Error, StringComparison.Ordinal);
        await using var store = await _cli.OpenStoreAsync();
        var user = await store.FindUserByNameAsync("bob");
        Assert.Null(user!.PasswordHash);
        var secret = link[(link.LastIndexOf('/') + 1)..];
        Assert.Equal(user.Id, await store.ConsumeSetupLinkAsync(ApiTokens.Hash(secret), _cli.Time.GetUtcNow()));
    }

    [Fact]
    public async Task UserAdd_PublicUrl_IsTheBaseOfTheSetupLink()
    {
        _cli.Environment["NINES_SERVER__PUBLIC_URL"] = "https://nines.example.com/";

        var run = await Run("user", "add", "carol", "--role", "viewer");

        Assert.StartsWith("https://nines.example.com/setup/nines_", run.OutLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdd_SameUserTwice_ExitsFailure()
    {
        await Run("user", "add", "dave", "--role", "viewer");

        var run = await Run("user", "add", "dave", "--role", "editor");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("nines: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task UserList_AfterAdds_ShowsUsersWithRoleAndState()
    {
        await _cli.RunWithInputAsync(Password + "\n", "user", "add", "alice", "--role", "admin", "--password-stdin", "--data", _cli.DataDirectory);
        await Run("user", "add", "bob", "--role", "viewer", "--display-name", "Bob");

        var run = await Run("user", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"^USERNAME\s+DISPLAY NAME\s+ROLE\s+STATE\s+PASSWORD\s+CREATED\s+LAST LOGIN$", run.OutLines[0]);
        Assert.Matches(@"^alice\s+-\s+admin\s+active\s+set\s+2025-03-01 12:00:00Z\s+-$", Assert.Single(run.OutLines, l => l.StartsWith("alice", StringComparison.Ordinal)));
        Assert.Matches(@"^bob\s+Bob\s+viewer\s+active\s+not set\s", Assert.Single(run.OutLines, l => l.StartsWith("bob", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UserDisable_ThenEnable_FlipsTheState()
    {
        await Run("user", "add", "erin", "--role", "viewer");

        var disable = await Run("user", "disable", "erin");
        await using (var store = await _cli.OpenStoreAsync())
        {
            var erin = (await store.FindUserByNameAsync("erin"))!;
            Assert.True((await store.GetTenantUserAsync("default", erin.Id))!.User.Disabled);
        }

        var enable = await Run("user", "enable", "erin");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (disable.ExitCode, enable.ExitCode));
        Assert.Equal("Disabled user 'erin' in tenant 'default'.", disable.OutLines[0]);
        await using (var store = await _cli.OpenStoreAsync())
        {
            var erin = (await store.FindUserByNameAsync("erin"))!;
            Assert.False((await store.GetTenantUserAsync("default", erin.Id))!.User.Disabled);
        }
    }

    [Fact]
    public async Task UserDisable_UnknownUser_ExitsFailure()
    {
        var run = await Run("user", "disable", "nobody");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("nines: tenant 'default' has no user 'nobody'", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserDisable_MemberOfAnotherTenantOnly_ExitsFailure()
    {
        await CreateTenantAsync("acme");
        await Run("user", "add", "frank", "--role", "viewer", "--tenant", "acme");

        var run = await Run("user", "disable", "frank");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        await using var store = await _cli.OpenStoreAsync();
        Assert.False((await store.FindUserByNameAsync("frank"))!.Disabled);
    }

    [Fact]
    public async Task DataVerb_DataFromEnvironment_UsesThatDirectory()
    {
        _cli.Environment["NINES_DATA"] = "from-env";

        var run = await _cli.RunAsync("token", "create", "--role", "viewer");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(Directory.Exists(Path.Combine(_cli.WorkingDirectory, "from-env")));
    }

    public void Dispose() => _cli.Dispose();

    private Task<CliRun> Run(params string[] args) => _cli.RunAsync([.. args, "--data", _cli.DataDirectory]);

    private async Task CreateTenantAsync(string id)
    {
        await using var store = await _cli.OpenStoreAsync();
        await store.CreateTenantAsync(id, id, Actor.System);
    }
}
