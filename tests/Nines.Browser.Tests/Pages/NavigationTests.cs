using System.Globalization;
using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;

namespace Nines.Browser.Tests.Pages;

public class NavigationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Every area of DESIGN.md, in navigation order.</summary>
    private static readonly string[] NavPaths =
    [
        "/", "/explore", "/cardinality", "/limits", "/pipeline", "/logs", "/traces", "/slos", "/alerts", "/oncall", "/incidents", "/status-pages", "/postmortems",
        "/gateway", "/flags", "/load-tests", "/chaos", "/backups", "/capacity", "/cost", "/catalog",
        "/admin/users", "/admin/tokens", "/admin/audit",
    ];

    [Fact]
    public async Task EveryNavPage_AsAdmin_RendersItsHeadingWithoutErrors()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);

        var links = page.Locator("nav.sidenav a");
        var hrefs = new List<string>();
        var titles = new List<string>();
        for (var i = 0; i < await links.CountAsync(); i++)
        {
            hrefs.Add((await links.Nth(i).GetAttributeAsync("href"))!);
            titles.Add((await links.Nth(i).Locator("span").First.InnerTextAsync()).Trim());
        }

        Assert.Equal(NavPaths, hrefs);
        for (var i = 0; i < hrefs.Count; i++)
        {
            var response = await Session.OpenAsync(page, hrefs[i]);
            Assert.Equal(200, response.Status);
            Assert.Equal(titles[i], await Session.HeadingAsync(page));
            Assert.Equal($"{titles[i]} · Nines", await page.TitleAsync());
            Assert.Equal("page", await page.Locator($"nav.sidenav a[href='{hrefs[i]}']").GetAttributeAsync("aria-current"));
            Assert.Equal(1, await page.Locator("main#main").CountAsync());
        }

        watch.AssertClean();
    }

    [Fact]
    public async Task PlaceholderPage_SaysWhatTheAreaWillDoAndWhoBuildsIt()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        await Session.OpenAsync(page, "/logs");

        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Not built yet", text, StringComparison.Ordinal);
        Assert.Contains("LogQL", text, StringComparison.Ordinal);
        Assert.Contains("What exists today", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_DrawsTheChangesChartFromTheAuditLog()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);

        await page.Locator("#chart-changes.chart-drawn canvas").WaitForAsync();

        var users = int.Parse(await page.Locator("#stat-users").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(users >= 3, $"expected the fixture's users to be counted, got {users}");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("OTLP/gRPC listens on http://127.0.0.1:", main, StringComparison.Ordinal);
        Assert.Contains("/api/v1/write", main, StringComparison.Ordinal);
        watch.AssertClean();
    }

    [Fact]
    public async Task Viewer_SeesNoAdminNavigation_AndGets403OnAdminPages()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        watch.Expect("/forbidden", 403);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        Assert.Equal(0, await page.Locator("nav.sidenav a[href^='/admin']").CountAsync());
        Assert.Contains("vic", await page.Locator("#current-user").InnerTextAsync(), StringComparison.Ordinal);

        foreach (var path in new[] { "/admin/users", "/admin/tokens", "/admin/audit" })
        {
            var response = await Session.OpenAsync(page, path);
            Assert.Equal(403, response.Status);
            Assert.Equal("You may not open this page", await Session.HeadingAsync(page));
            Assert.Contains("viewer", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        }

        watch.AssertClean();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task MainPages_InBothColorSchemes_RenderWithoutErrors(ColorScheme scheme)
    {
        await using var context = await fixture.NewContextAsync(scheme);
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync("/login");
        await ShotAsync(page, "login", scheme);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await page.Locator("#chart-changes.chart-drawn canvas").WaitForAsync();
        await ShotAsync(page, "overview", scheme);

        foreach (var path in new[] { "/admin/users", "/admin/tokens", "/pipeline", "/slos" })
        {
            await Session.OpenAsync(page, path);
            await ShotAsync(page, path.Trim('/').Replace('/', '-'), scheme);
        }

        await Session.OpenAsync(page, "/admin/audit");
        await page.Locator("#audit details summary").First.ClickAsync();
        await ShotAsync(page, "admin-audit", scheme);
        watch.AssertClean();
    }

    [Fact]
    public async Task ColorSchemes_DarkAndLight_HaveDifferentBackgrounds()
    {
        var light = await BackgroundAsync(ColorScheme.Light);
        var dark = await BackgroundAsync(ColorScheme.Dark);

        Assert.NotEqual(light, dark);
        Assert.True(Luminance(light) > Luminance(dark), $"light {light} should be lighter than dark {dark}");
    }

    [Fact]
    public async Task ThemeToggle_StoresTheChoiceAcrossPages()
    {
        await using var context = await fixture.NewContextAsync(ColorScheme.Light);
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        var before = await BodyBackgroundAsync(page);

        // system -> light -> dark
        var toggle = page.Locator("button[data-theme-toggle]");
        await toggle.ClickAsync();
        await toggle.ClickAsync();
        Assert.Equal("Theme: dark", await toggle.InnerTextAsync());
        await Session.OpenAsync(page, "/slos");

        Assert.Equal("dark", await page.Locator("html").GetAttributeAsync("data-theme"));
        Assert.NotEqual(before, await BodyBackgroundAsync(page));
        watch.AssertClean();
    }

    private Task ShotAsync(IPage page, string name, ColorScheme scheme) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}-{scheme}.png".ToLowerInvariant()), FullPage = true });

    private async Task<string> BackgroundAsync(ColorScheme scheme)
    {
        await using var context = await fixture.NewContextAsync(scheme);
        var page = await context.NewPageAsync();
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        return await BodyBackgroundAsync(page);
    }

    private static Task<string> BodyBackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private static double Luminance(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)]
            .Split(',', StringSplitOptions.TrimEntries)
            .Select(p => double.Parse(p, CultureInfo.InvariantCulture))
            .ToArray();
        return (0.2126 * parts[0]) + (0.7152 * parts[1]) + (0.0722 * parts[2]);
    }
}
