namespace Nines.Ingest.Pipeline.Redaction;

/// <summary>What is redacted from label values, span and log attribute values and log bodies before they are stored.</summary>
public sealed class RedactionOptions
{
    /// <summary>Keys whose values are always replaced, matched case-insensitively, also as a suffix after a separator (<c>db.password</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultDenyKeys =
        ["password", "passwd", "secret", "token", "api_key", "apikey", "authorization", "cookie", "set-cookie"];

    /// <summary>Off turns every rule and the deny list off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Replace e-mail addresses.</summary>
    public bool Emails { get; init; } = true;

    /// <summary>Replace payment card numbers (13–19 digits, optional spaces or dashes, Luhn-checked).</summary>
    public bool PaymentCards { get; init; } = true;

    /// <summary>Replace bearer tokens and the values of <c>Authorization</c> headers written into text.</summary>
    public bool BearerTokens { get; init; } = true;

    /// <summary>Replace the password in <c>scheme://user:password@host</c>.</summary>
    public bool UrlPasswords { get; init; } = true;

    /// <summary>Use <see cref="DefaultDenyKeys"/> in addition to <see cref="DenyKeys"/>.</summary>
    public bool UseDefaultDenyKeys { get; init; } = true;

    /// <summary>Extra keys whose values are always replaced.</summary>
    public IList<string> DenyKeys { get; init; } = [];

    /// <summary>Extra rules, applied after the built-in ones in the order given.</summary>
    public IList<RedactionRuleOptions> Rules { get; init; } = [];

    /// <summary>Throws with the setting's name when a rule is unusable.</summary>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                throw new ArgumentException($"redaction rules[{i}]: name is required", nameof(Rules));
            }

            if (!names.Add(rule.Name) || Redactor.BuiltInRuleNames.Contains(rule.Name))
            {
                throw new ArgumentException($"redaction rules[{i}]: name '{rule.Name}' is used twice or by a built-in rule", nameof(Rules));
            }

            if (string.IsNullOrEmpty(rule.Pattern))
            {
                throw new ArgumentException($"redaction rules[{i}] ('{rule.Name}'): pattern is required", nameof(Rules));
            }

            try
            {
                _ = Redactor.Compile(rule.Pattern);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new ArgumentException($"redaction rules[{i}] ('{rule.Name}'): pattern is not usable: {e.Message}", nameof(Rules), e);
            }
        }

        for (var i = 0; i < DenyKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(DenyKeys[i]))
            {
                throw new ArgumentException($"redaction deny_keys[{i}] is empty", nameof(DenyKeys));
            }
        }
    }
}
