using Nines.Configuration;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>A server of its own that allows three failed log-ins per window, so the limit is reached quickly.</summary>
public sealed class ThrottledBrowserFixture : BrowserFixture
{
    public const int Attempts = 3;

    protected override void Configure(NinesOptions options) => options.Auth.LoginAttempts = Attempts;
}
