using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;
using Nines.Core.Security;

namespace Nines.Browser.Tests.Pages;

public class AdminTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CreateToken_InTheUi_ShowsASecretThatWorksAsABearerToken()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/tokens");

        var secret = await CreateTokenAsync(page, "ci-deploy", "editor", ingest: true, days: "30");

        Assert.StartsWith(ApiTokens.Prefix, secret, StringComparison.Ordinal);
        var row = page.Locator("#tokens tr[data-token='ci-deploy']");
        await Assertions.Expect(row).ToContainTextAsync("active");
        await Assertions.Expect(row).ToContainTextAsync("user:ada");

        using var client = fixture.Host.CreateClient(secret);
        using var answer = await client.GetAsync("/api/nines/v1/whoami");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("default", json.RootElement.GetProperty("tenant").GetString());
        Assert.Equal("editor", json.RootElement.GetProperty("role").GetString());
        Assert.True(json.RootElement.GetProperty("ingest").GetBoolean());

        // Reloading does not show the secret again.
        await Session.OpenAsync(page, "/admin/tokens");
        Assert.Equal(0, await page.Locator("#token-secret").CountAsync());
        watch.AssertClean();
    }

    [Fact]
    public async Task RevokeToken_AfterConfirming_StopsTheTokenWorking()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/tokens");
        var secret = await CreateTokenAsync(page, "short-lived", "viewer", ingest: false, days: null);

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#tokens tr[data-token='short-lived'] button", new() { HasText = "Revoke" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash-ok")).ToContainTextAsync("short-lived revoked");
        await Assertions.Expect(page.Locator("#tokens tr[data-token='short-lived']")).ToContainTextAsync("revoked");
        using var client = fixture.Host.CreateClient(secret);
        using var answer = await client.GetAsync("/api/nines/v1/whoami");
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        watch.AssertClean();
    }

    [Fact]
    public async Task CreateToken_WithoutAName_ShowsTheErrorNextToTheField()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/tokens");

        await page.Locator("#token-expires").FillAsync("99999");
        await page.Locator("button", new() { HasText = "Create token" }).ClickAsync();

        var field = page.Locator(".field", new() { Has = page.Locator("#token-name") });
        await Assertions.Expect(field.Locator(".validation-message")).ToHaveTextAsync("Enter a name.");
        var expires = page.Locator(".field", new() { Has = page.Locator("#token-expires") });
        await Assertions.Expect(expires.Locator(".validation-message")).ToContainTextAsync("from 1 to 3650");
        Assert.Equal(0, await page.Locator("#token-secret").CountAsync());
    }

    [Fact]
    public async Task AuditLog_ShowsTheTokenCreatedByThisUser()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/tokens");
        await CreateTokenAsync(page, "audited", "viewer", ingest: false, days: null);

        await Session.OpenAsync(page, "/admin/audit");
        await page.Locator("#f-actor").FillAsync("user:ada");
        await page.Locator("#f-action").FillAsync("token.create");
        await page.Locator("button", new() { HasText = "Filter" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/audit?*");

        var row = page.Locator("#audit tbody tr[data-action='token.create']").First;
        await Assertions.Expect(row).ToContainTextAsync("user:ada");
        await row.Locator("summary").ClickAsync();
        await Assertions.Expect(row.Locator("table.diff")).ToContainTextAsync("\"audited\"");
        Assert.Equal(0, await page.Locator("#audit tbody tr[data-action]:not([data-action='token.create'])").CountAsync());
        watch.AssertClean();
    }

    [Fact]
    public async Task AddUser_TheSetupLinkLetsThemSetAPasswordAndLogIn()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/users");

        await page.Locator("#new-username").FillAsync("grace");
        await page.Locator("#new-display-name").FillAsync("Grace Hopper");
        await page.Locator("#new-role").SelectOptionAsync("responder");
        await page.Locator("button", new() { HasText = "Add user" }).ClickAsync();

        var link = await page.Locator("#setup-link").InputValueAsync();
        Assert.StartsWith(fixture.Host.BaseAddress + "setup/nines_", link, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#users tr[data-user='grace']")).ToContainTextAsync("not set up");
        watch.AssertClean();

        // Grace, in her own browser.
        await using var theirs = await fixture.NewContextAsync();
        var them = await theirs.NewPageAsync();
        var theirWatch = new PageWatch(them);
        await Session.OpenAsync(them, link);
        await them.Locator("#password").FillAsync("short");
        await them.Locator("#repeat").FillAsync("short");
        await them.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(them.Locator(".validation-message").First).ToContainTextAsync("at least 12 characters");

        // A weak password does not use the link up.
        await them.Locator("#password").FillAsync("grace's long password");
        await them.Locator("#repeat").FillAsync("grace's long password");
        await them.Locator("button[type=submit]").ClickAsync();
        await them.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(them.Locator("#current-user")).ToContainTextAsync("grace · responder");

        await them.Locator("form[action='/logout'] button").ClickAsync();
        await Session.LogInAsync(them, "grace", "grace's long password");
        Assert.Equal("Overview", await Session.HeadingAsync(them));
        theirWatch.AssertClean();

        // The link worked once.
        await Session.OpenAsync(them, link);
        await them.Locator("#password").FillAsync("another long password");
        await them.Locator("#repeat").FillAsync("another long password");
        var used = await them.RunAndWaitForResponseAsync(() => them.Locator("button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(410, used.Status);
    }

    [Fact]
    public async Task NewSetupLink_ForAMemberWithoutAPassword_LetsThemSetOne()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/users");
        await page.Locator("#new-username").FillAsync("hedy");
        await page.Locator("button", new() { HasText = "Add user" }).ClickAsync();
        await Assertions.Expect(page.Locator("#setup-link")).ToBeVisibleAsync();

        // The first link was lost; the admin makes another.
        await Session.OpenAsync(page, "/admin/users");
        await page.Locator("#users tr[data-user='hedy'] button", new() { HasText = "New set-up link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#invite")).ToContainTextAsync("hedy has a new set-up link");
        var link = await page.Locator("#setup-link").InputValueAsync();
        Assert.Equal(0, await page.Locator($"#users tr[data-user='{BrowserFixture.ViewerName}'] button", new() { HasText = "New set-up link" }).CountAsync());
        watch.AssertClean();

        await using var theirs = await fixture.NewContextAsync();
        var them = await theirs.NewPageAsync();
        await Session.OpenAsync(them, link);
        await them.Locator("#password").FillAsync("hedy's long password");
        await them.Locator("#repeat").FillAsync("hedy's long password");
        await them.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(them.Locator("#current-user")).ToContainTextAsync("hedy · viewer");
    }

    [Fact]
    public async Task ChangeRoleAndDisable_TakeEffectAndAreRefusedForOneself()
    {
        await fixture.Host.CreateUserAsync("dora", BrowserFixture.Password, Role.Viewer);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/users");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var dora = page.Locator("#users tr[data-user='dora']");

        await dora.Locator("select[name=role]").SelectOptionAsync("editor");
        await dora.Locator("button", new() { HasText = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash-ok")).ToHaveTextAsync("Role of dora changed.");
        Assert.Equal("editor", await dora.Locator("select[name=role]").InputValueAsync());

        await dora.Locator("button", new() { HasText = "Disable" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash-ok")).ToContainTextAsync("dora is disabled");
        await Assertions.Expect(dora).ToContainTextAsync("disabled");

        // Ada's own row offers neither.
        var self = page.Locator("#users tr[data-user='ada']");
        Assert.Equal(0, await self.Locator("select, button").CountAsync());
        watch.AssertClean();

        await using var theirs = await fixture.NewContextAsync();
        var them = await theirs.NewPageAsync();
        await them.GotoAsync("/login");
        await them.Locator("#username").FillAsync("dora");
        await them.Locator("#password").FillAsync(BrowserFixture.Password);
        await them.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(them.Locator("#login-error")).ToBeVisibleAsync();

        await dora.Locator("button", new() { HasText = "Enable" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash-ok")).ToContainTextAsync("dora is enabled");
        await Session.LogInAsync(them, "dora");
        await Assertions.Expect(them.Locator("#current-user")).ToContainTextAsync("dora · editor");
    }

    [Fact]
    public async Task AddUser_WhoIsAlreadyAMember_ShowsTheConflictNextToTheField()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/users");

        await page.Locator("#new-username").FillAsync(BrowserFixture.ViewerName);
        await page.Locator("button", new() { HasText = "Add user" }).ClickAsync();

        var field = page.Locator(".field", new() { Has = page.Locator("#new-username") });
        await Assertions.Expect(field.Locator(".validation-message")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#setup-link").CountAsync());
    }

    [Fact]
    public async Task TenantSwitch_ChangesTheTenantShownAndTheUsersListed()
    {
        await fixture.Host.CreateUserAsync("tess", BrowserFixture.Password, Role.Admin);
        await fixture.Host.CreateUserAsync("tess", BrowserFixture.Password, Role.Admin, "acme");
        await fixture.Host.CreateUserAsync("anna", BrowserFixture.Password, Role.Viewer, "acme");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, "tess");
        await Session.OpenAsync(page, "/admin/users");
        var start = await page.Locator("#tenant-select").InputValueAsync();
        var other = start == "acme" ? "default" : "acme";

        await page.Locator("#tenant-select").SelectOptionAsync(other);
        await page.WaitForURLAsync("**/admin/users");
        await Assertions.Expect(page.Locator("#tenant-select")).ToHaveValueAsync(other);
        await Assertions.Expect(page.Locator(".page-header")).ToContainTextAsync(other);
        await AssertMembersAsync(page, other);

        await page.Locator("#tenant-select").SelectOptionAsync(start);
        await Assertions.Expect(page.Locator("#tenant-select")).ToHaveValueAsync(start);
        await AssertMembersAsync(page, start);
        watch.AssertClean();

        // The next log-in in this browser opens the tenant used last.
        await page.Locator("#tenant-select").SelectOptionAsync("acme");
        await Assertions.Expect(page.Locator("#tenant-select")).ToHaveValueAsync("acme");
        await page.Locator("form[action='/logout'] button").ClickAsync();
        await Session.LogInAsync(page, "tess");
        Assert.Equal("acme", await page.Locator("#tenant-select").InputValueAsync());
    }

    [Fact]
    public async Task TenantSwitch_ToATenantTheUserIsNotIn_IsIgnored()
    {
        await fixture.Host.EnsureTenantAsync("secret-co");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        var token = await page.Locator("form[action='/logout'] input[name=__RequestVerificationToken]").InputValueAsync();

        var form = context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("tenant", "secret-co");
        form.Set("returnUrl", "/admin/users");
        var response = await context.APIRequest.PostAsync("/session/tenant", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, response.Status);

        await Session.OpenAsync(page, "/admin/users");
        await Assertions.Expect(page.Locator(".page-header")).ToContainTextAsync("default");
        Assert.Equal(0, await page.Locator("#tenant-select option[value='secret-co']").CountAsync());
    }

    [Fact]
    public async Task AuditLog_PagesByKeyset_WithoutGapsOrRepeats()
    {
        await fixture.Host.CreateUserAsync("pat", BrowserFixture.Password, Role.Admin, "paging");
        for (var i = 0; i < 60; i++)
        {
            await fixture.Host.CreateTokenAsync(Role.Viewer, "paging", name: $"bulk-{i:D2}");
        }

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, "pat");
        await Session.OpenAsync(page, "/admin/audit?action=token.create");

        var first = await TokenNamesAsync(page);
        Assert.Equal(50, first.Count);
        await page.Locator("#older").ClickAsync();
        await page.WaitForURLAsync("**before=*");
        var second = await TokenNamesAsync(page);
        Assert.Equal(0, await page.Locator("#older").CountAsync());

        var all = first.Concat(second).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"token bulk-{59 - i:D2}"), all);
        watch.AssertClean();
    }

    private static async Task<List<string>> TokenNamesAsync(IPage page)
    {
        var cells = page.Locator("#audit tbody tr[data-action='token.create'] td:nth-child(4)");
        return [.. (await cells.AllInnerTextsAsync()).Select(t => t.Trim())];
    }

    private static async Task AssertMembersAsync(IPage page, string tenant)
    {
        var users = page.Locator("#users");
        if (tenant == "acme")
        {
            await Assertions.Expect(users.Locator("tr[data-user='anna']")).ToHaveCountAsync(1);
            await Assertions.Expect(users.Locator("tr[data-user='vic']")).ToHaveCountAsync(0);
        }
        else
        {
            await Assertions.Expect(users.Locator("tr[data-user='vic']")).ToHaveCountAsync(1);
            await Assertions.Expect(users.Locator("tr[data-user='anna']")).ToHaveCountAsync(0);
        }
    }

    private static async Task<string> CreateTokenAsync(IPage page, string name, string role, bool ingest, string? days)
    {
        await page.Locator("#token-name").FillAsync(name);
        await page.Locator("#token-role").SelectOptionAsync(role);
        if (ingest)
        {
            await page.Locator("#token-ingest").CheckAsync();
        }

        if (days is not null)
        {
            await page.Locator("#token-expires").FillAsync(days);
        }

        await page.Locator("button", new() { HasText = "Create token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-token")).ToContainTextAsync("not shown again");
        return await page.Locator("#token-secret").InputValueAsync();
    }
}
