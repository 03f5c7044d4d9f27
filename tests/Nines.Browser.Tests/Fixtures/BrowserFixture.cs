using Microsoft.Playwright;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>
/// One Nines server and one Chromium per test class (both are slow to start); each test opens a
/// fresh browser context, so cookies and storage never leak between tests. Uses Debian's
/// /usr/bin/chromium: no browser is downloaded.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>The password of every user the fixture creates.</summary>
    public const string Password = "correct horse battery staple";

    public const string AdminName = "ada";
    public const string ViewerName = "vic";

    private IPlaywright? _playwright;

    public NinesTestHost Host { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where tests put screenshots: $NINES_SCREENSHOTS, else a fresh temp folder.</summary>
    public string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("NINES_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(Path.GetTempPath(), "nines-browser-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Server options for this fixture (the default: the server's defaults).</summary>
    protected virtual void Configure(NinesOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        Host = await NinesTestHost.StartAsync(Configure);
        await Host.CreateUserAsync(AdminName, Password, Role.Admin);
        await Host.CreateUserAsync(ViewerName, Password, Role.Viewer);
        Directory.CreateDirectory(ScreenshotDirectory);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (cookies, storage) whose relative URLs resolve against the server.</summary>
    public async Task<IBrowserContext> NewContextAsync(ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });

        // Pages come from loopback: anything slower than this is a failure, not a slow network.
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
