using System.ComponentModel;
using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Configuration;

/// <summary>Section <c>pipeline.redaction</c>.</summary>
public sealed class RedactionSection
{
    /// <summary>Off turns every rule and the deny list off.</summary>
    [Description("Redact at all; false stores everything as sent.")]
    public bool Enabled { get; set; } = true;

    /// <summary>Replace e-mail addresses.</summary>
    [Description("Replace e-mail addresses with [REDACTED:email].")]
    public bool Emails { get; set; } = true;

    /// <summary>Replace payment card numbers.</summary>
    [Description("Replace payment card numbers (13–19 digits starting with 2–6, spaces or dashes allowed, Luhn-valid) with [REDACTED:card].")]
    public bool PaymentCards { get; set; } = true;

    /// <summary>Replace bearer tokens and Authorization values.</summary>
    [Description("Replace 'Bearer <token>' and the value after 'Authorization:' in text.")]
    public bool BearerTokens { get; set; } = true;

    /// <summary>Replace passwords in URLs.</summary>
    [Description("Replace the password in scheme://user:password@host with ***.")]
    public bool UrlPasswords { get; set; } = true;

    /// <summary>Use the built-in deny list.</summary>
    [Description("Deny the built-in keys (password, passwd, secret, token, api_key, apikey, authorization, cookie, set-cookie) as well as deny_keys.")]
    public bool UseDefaultDenyKeys { get; set; } = true;

    /// <summary>Extra denied keys.</summary>
    [Description("A list of further attribute or label keys whose whole value becomes [REDACTED:key] (matched ignoring case, also as a suffix after a separator: db.password). Set in the file only.")]
    [ConfigCustom]
    public List<string> DenyKeys { get; set; } = [];

    /// <summary>Extra regex rules.</summary>
    [Description("A list of further rules, each `name`, `pattern` (a .NET regex run without backtracking: no lookarounds or backreferences) and optional `replacement` (default [REDACTED:name], $1 allowed). Set in the file only.")]
    [ConfigCustom]
    public List<RedactionRuleOptions> Rules { get; set; } = [];
}
