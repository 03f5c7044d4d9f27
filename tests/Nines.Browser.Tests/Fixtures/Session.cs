using Microsoft.Playwright;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>Log-in and navigation steps the tests share.</summary>
public static class Session
{
    /// <summary>Logs in through the form and waits for the page after it.</summary>
    public static async Task LogInAsync(IPage page, string username, string password = BrowserFixture.Password, string path = "/login")
    {
        await page.GotoAsync(path);
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]", new() { HasText = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
    }

    /// <summary>Opens <paramref name="path"/> and returns its response (after redirects).</summary>
    public static async Task<IResponse> OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        return response;
    }

    /// <summary>The text of the page's one h1.</summary>
    public static Task<string> HeadingAsync(IPage page) => page.Locator("main h1").InnerTextAsync();
}
