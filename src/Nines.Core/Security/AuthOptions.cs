using System.ComponentModel;

namespace Nines.Core.Security;

/// <summary>Section <c>auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>Accept telemetry without a token.</summary>
    [Description("Accept telemetry ingest without a token (into the tenant named by X-Scope-OrgID, else 'default'). The demo sets it for loopback only.")]
    public bool AnonymousIngest { get; set; }

    /// <summary>How long a UI session lasts.</summary>
    [Description("How long a UI log-in lasts before the user must log in again.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed log-ins allowed per user name and client address per window.</summary>
    [Description("Log-in attempts allowed per client address and per user name in each login_rate_window; past it, 429 with Retry-After.")]
    public int LoginAttempts { get; set; } = 10;

    /// <summary>The window of <see cref="LoginAttempts"/>.</summary>
    [Description("The window over which login_attempts are counted.")]
    public TimeSpan LoginRateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Send the session cookie only over HTTPS (browsers treat http://localhost as secure).</summary>
    [Description("Mark the session cookie Secure. Browsers accept Secure cookies on http://localhost and 127.0.0.1; turn off only to serve plain HTTP on another address (not recommended).")]
    public bool SecureCookie { get; set; } = true;

    /// <summary>Lifetime of a one-time set-up link.</summary>
    [Description("How long the first-run set-up link (and other set-up links) stays valid.")]
    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromHours(24);
}
