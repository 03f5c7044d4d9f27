using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;

namespace Nines.Browser.Tests.Pages;

public class LoginTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string SessionCookie = "nines_session";

    [Fact]
    public async Task Login_WrongPassword_ShowsTheErrorAndSetsNoSessionCookie()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync("/login");

        await page.Locator("#username").FillAsync(BrowserFixture.AdminName);
        await page.Locator("#password").FillAsync("not the password at all");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("do not match an active account");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == SessionCookie);
        watch.AssertClean();
    }

    [Fact]
    public async Task Login_UnknownUser_ShowsTheSameErrorAsAWrongPassword()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await page.Locator("#username").FillAsync("nobody-by-this-name");
        await page.Locator("#password").FillAsync(BrowserFixture.Password);
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("That user name and password do not match an active account.");
    }

    [Fact]
    public async Task Login_Succeeds_WithAnHttpOnlySecureLaxSessionCookie()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);

        await Session.LogInAsync(page, BrowserFixture.AdminName);

        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Overview", await Session.HeadingAsync(page));
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == SessionCookie);
        Assert.True(cookie.HttpOnly, "HttpOnly");
        Assert.True(cookie.Secure, "Secure");
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        watch.AssertClean();
    }

    [Fact]
    public async Task ProtectedPage_WhenLoggedOut_RedirectsToLoginAndBackAfterwards()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/audit?actor=system");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        await page.Locator("#username").FillAsync(BrowserFixture.AdminName);
        await page.Locator("#password").FillAsync(BrowserFixture.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/admin/audit?actor=system");
        Assert.Equal("Audit log", await Session.HeadingAsync(page));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Login_WithAForeignReturnUrl_GoesToTheOverview(string returnUrl)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await Session.LogInAsync(page, BrowserFixture.AdminName, path: "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(fixture.Host.BaseAddress.Authority, new Uri(page.Url).Authority);
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task Logout_EndsTheSession_EvenForACopyOfTheCookie()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/admin/users");
        var stolen = (await context.CookiesAsync()).Where(c => c.Name == SessionCookie).ToList();

        await page.Locator("form[action='/logout'] button").ClickAsync();
        await page.WaitForURLAsync("**/login");

        // Back: the page is not served from cache (no-store) and the server sends the browser to log in.
        await page.GoBackAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await page.ReloadAsync();
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await Session.OpenAsync(page, "/admin/users");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        // The session is revoked on the server: the old cookie no longer works anywhere.
        await using var thief = await fixture.NewContextAsync();
        await thief.AddCookiesAsync(stolen.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Secure = c.Secure, HttpOnly = c.HttpOnly, SameSite = c.SameSite }));
        var other = await thief.NewPageAsync();
        await other.GotoAsync("/admin/users");
        Assert.Equal("/login", new Uri(other.Url).AbsolutePath);
        watch.AssertClean();
    }

    [Fact]
    public async Task LoginForm_PostedWithoutTheAntiforgeryToken_IsRejectedWith400()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        var form = context.APIRequest.CreateFormData();
        form.Set("_handler", "login");
        form.Set("Input.Username", BrowserFixture.AdminName);
        form.Set("Input.Password", BrowserFixture.Password);
        var response = await context.APIRequest.PostAsync("/login", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(400, response.Status);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == SessionCookie);
    }

    [Fact]
    public async Task LogoutForm_PostedWithoutTheAntiforgeryToken_IsRejectedWith400()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await Session.LogInAsync(page, BrowserFixture.AdminName);

        var response = await context.APIRequest.PostAsync("/logout", new() { Form = context.APIRequest.CreateFormData(), MaxRedirects = 0 });

        Assert.Equal(400, response.Status);
        await Session.OpenAsync(page, "/admin/users");
        Assert.Equal("Users", await Session.HeadingAsync(page));
    }

    [Theory]
    [InlineData("/setup/not-a-link", 410)]
    [InlineData("/setup/nines_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 200)]
    public async Task SetupLink_Malformed_ShowsAPageThatSaysToAskAnAdmin(string path, int status)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        watch.Expect(new Uri(fixture.Host.BaseAddress, path).AbsolutePath, 410);

        var response = await Session.OpenAsync(page, path);
        Assert.Equal(status, response.Status);
        if (status == 200)
        {
            // Well-formed but never issued: the form shows, and using it says the link is dead.
            await page.Locator("#password").FillAsync("a long enough password");
            await page.Locator("#repeat").FillAsync("a long enough password");
            var posted = await page.RunAndWaitForResponseAsync(
                () => page.Locator("button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal(410, posted.Status);
        }

        Assert.Equal("This set-up link does not work", await Session.HeadingAsync(page));
        Assert.Contains("Ask an admin", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        watch.AssertClean();
    }
}
