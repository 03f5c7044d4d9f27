using System.Globalization;
using Nines.Browser.Tests.Fixtures;

namespace Nines.Browser.Tests.Pages;

public class LoginThrottleTests(ThrottledBrowserFixture fixture) : IClassFixture<ThrottledBrowserFixture>
{
    [Fact]
    public async Task Login_AfterTooManyFailures_Answers429WithRetryAfter_EvenForTheRightPassword()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        watch.Expect("/login", 429);
        await page.GotoAsync("/login");

        for (var i = 0; i < ThrottledBrowserFixture.Attempts; i++)
        {
            var failed = await SubmitAsync(page, "wrong password number " + i);
            Assert.Equal(200, failed.Status);
            Assert.Contains("do not match", await page.Locator("#login-error").InnerTextAsync(), StringComparison.Ordinal);
        }

        var refused = await SubmitAsync(page, BrowserFixture.Password);

        Assert.Equal(429, refused.Status);
        var retryAfter = int.Parse((await refused.AllHeadersAsync())["retry-after"], CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);
        Assert.Contains("Too many failed log-ins", await page.Locator("#login-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "nines_session");
        watch.AssertClean();
    }

    private static async Task<Microsoft.Playwright.IResponse> SubmitAsync(Microsoft.Playwright.IPage page, string password)
    {
        await page.Locator("#username").FillAsync(BrowserFixture.ViewerName);
        await page.Locator("#password").FillAsync(password);
        return await page.RunAndWaitForResponseAsync(
            () => page.Locator("button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/login", StringComparison.Ordinal));
    }
}
