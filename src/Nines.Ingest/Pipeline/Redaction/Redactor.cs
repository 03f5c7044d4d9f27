using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Nines.Ingest.Pipeline.Redaction;

/// <summary>
/// Removes secrets and personal data from label values, attribute values and log bodies before
/// they are stored. Thread-safe; build one per configuration and share it.
/// </summary>
/// <remarks>
/// Clean text costs a few vectorized searches and allocates nothing: every regex rule has a
/// literal prefilter (or an allocation-free <c>IsMatch</c>), and card numbers are found by a
/// scanner. Every regex, the user's included, runs with <see cref="RegexOptions.NonBacktracking"/>,
/// which is linear in the input, so no pattern can hang ingest.
/// </remarks>
internal sealed partial class Redactor
{
    public const string EmailRule = "email";
    public const string CardRule = "card";
    public const string BearerRule = "bearer";
    public const string AuthorizationRule = "authorization";
    public const string UrlPasswordRule = "url_password";
    public const string DeniedKeyRule = "key";

    /// <summary>What a denied key's value becomes.</summary>
    public const string DeniedKeyReplacement = "[REDACTED:key]";

    public static readonly IReadOnlySet<string> BuiltInRuleNames =
        new HashSet<string>([EmailRule, CardRule, BearerRule, AuthorizationRule, UrlPasswordRule, DeniedKeyRule], StringComparer.Ordinal);

    private const string CardReplacement = "[REDACTED:card]";

    private readonly bool _enabled;
    private readonly bool _cards;
    private readonly string[] _denyKeys;
    private readonly SearchValues<string> _denyKeyPrefilter;
    private readonly RedactionRule[] _rules;
    private readonly string[] _names;
    private readonly long[] _counts;
    private readonly int _cardSlot;
    private readonly int _keySlot;
    private readonly int _builtInCount;

    public Redactor(RedactionOptions options)
    {
        options.Validate();
        _enabled = options.Enabled;
        _cards = options.PaymentCards;

        var keys = new List<string>();
        if (options.UseDefaultDenyKeys)
        {
            keys.AddRange(RedactionOptions.DefaultDenyKeys);
        }

        keys.AddRange(options.DenyKeys);
        _denyKeys = [.. keys];
        _denyKeyPrefilter = DenyKeyPrefilter(_denyKeys);

        // Slot order = counter order; built-ins first so their indexes are stable.
        var names = new List<string> { DeniedKeyRule, CardRule };
        _keySlot = 0;
        _cardSlot = 1;
        var specs = new List<(string Name, string Pattern, string Replacement, SearchValues<string>? Prefilter)>();
        if (options.UrlPasswords)
        {
            // Before e-mail: "user:pw@host.com" would otherwise read as an address.
            specs.Add((UrlPasswordRule, @"([A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:)[^\s/@]+@", "${1}***@", SearchValues.Create(["://"], StringComparison.Ordinal)));
        }

        if (options.BearerTokens)
        {
            // "Bearer" is matched with its capital and a token of 8+ characters so that "the bearer of
            // bad news" survives; header dumps in any case are caught by the Authorization rule.
            // Authorization goes first: "Authorization: Bearer x" is replaced whole, scheme included, so it is counted once.
            specs.Add((AuthorizationRule,
                @"(?i)(authorization[""']?\s*[:=]\s*[""']?)(?:(?:basic|bearer|digest|negotiate|token|apikey)\s+)?[^\s""',;]+",
                "${1}[REDACTED:authorization]", SearchValues.Create(["authorization"], StringComparison.OrdinalIgnoreCase)));
            specs.Add((BearerRule, @"(Bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*", "${1}[REDACTED:bearer]",
                SearchValues.Create(["Bearer"], StringComparison.Ordinal)));
        }

        if (options.Emails)
        {
            specs.Add((EmailRule, @"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}", "[REDACTED:email]",
                SearchValues.Create(["@"], StringComparison.Ordinal)));
        }

        _builtInCount = specs.Count;
        foreach (var rule in options.Rules)
        {
            specs.Add((rule.Name, rule.Pattern, rule.Replacement ?? $"[REDACTED:{rule.Name}]", null));
        }

        _counts = new long[names.Count + specs.Count];
        _rules = new RedactionRule[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            var (name, pattern, replacement, prefilter) = specs[i];
            names.Add(name);
            _rules[i] = new RedactionRule(name, Compile(pattern), replacement, prefilter, _counts, names.Count - 1);
        }

        _names = [.. names];
    }

    /// <summary>False when <see cref="RedactionOptions.Enabled"/> is off: callers skip their walk.</summary>
    public bool Enabled => _enabled;

    /// <summary>Rule names in counter order: <c>key</c>, <c>card</c>, then the regex rules.</summary>
    public IReadOnlyList<string> RuleNames => _names;

    /// <summary>Redactions made so far by the named rule (0 for an unknown name).</summary>
    public long Count(string rule)
    {
        var i = Array.IndexOf(_names, rule);
        return i < 0 ? 0 : Interlocked.Read(ref _counts[i]);
    }

    /// <summary>Every rule's count, for an observable counter (<c>nines_ingest_redactions_total{rule}</c>).</summary>
    public KeyValuePair<string, long>[] Counts()
    {
        var result = new KeyValuePair<string, long>[_names.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new(_names[i], Interlocked.Read(ref _counts[i]));
        }

        return result;
    }

    /// <summary>
    /// True when <paramref name="key"/> is on the deny list: equal to an entry or ending in one after a
    /// separator or a camelCase boundary (<c>db.password</c>, <c>x-api-key</c>, <c>clientSecret</c>), ignoring
    /// case and treating <c>-</c> and <c>_</c> alike. <c>max_tokens</c> and <c>broken</c> are not denied.
    /// </summary>
    public bool IsDeniedKey(ReadOnlySpan<char> key)
    {
        if (!_enabled)
        {
            return false;
        }

        foreach (var entry in _denyKeys)
        {
            if (EndsWithKey(key, entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True, counting one <c>key</c> redaction, when <paramref name="key"/> is denied: the caller replaces
    /// the whole value (of any type) with <see cref="DeniedKeyReplacement"/>.
    /// </summary>
    public bool DenyKey(ReadOnlySpan<char> key)
    {
        if (!IsDeniedKey(key))
        {
            return false;
        }

        Interlocked.Increment(ref _counts[_keySlot]);
        return true;
    }

    /// <summary>An attribute or label: a denied key's whole value goes, else the value's text is redacted.</summary>
    public bool TryRedactAttribute(ReadOnlySpan<char> key, string value, out string redacted)
    {
        if (IsDeniedKey(key))
        {
            Interlocked.Increment(ref _counts[_keySlot]);
            redacted = DeniedKeyReplacement;
            return true;
        }

        return TryRedact(value, out redacted);
    }

    /// <summary>
    /// A metric label's value as stored: the metric name is never touched; a denied label name's value
    /// goes whole; other values are redacted as text. The same instance when nothing matched.
    /// </summary>
    public string RedactLabel(string name, string value)
    {
        if (!_enabled || string.Equals(name, "__name__", StringComparison.Ordinal))
        {
            return value;
        }

        return TryRedactAttribute(name, value, out var redacted) ? redacted : value;
    }

    /// <summary>False, with <paramref name="redacted"/> the same instance and nothing allocated, when no rule matched.</summary>
    public bool TryRedact(string value, out string redacted)
    {
        redacted = value;
        if (!_enabled || value.Length == 0)
        {
            return false;
        }

        // Built-in regexes, then cards (a card-like local part is already an e-mail), then the user's rules.
        var current = value;
        for (var i = 0; i < _builtInCount; i++)
        {
            current = _rules[i].Apply(current);
        }

        if (_cards)
        {
            current = RedactCards(current);
        }

        for (var i = _builtInCount; i < _rules.Length; i++)
        {
            current = _rules[i].Apply(current);
        }

        redacted = current;
        return !ReferenceEquals(current, value);
    }

    internal static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private string RedactCards(string input)
    {
        var span = input.AsSpan();
        var start = PaymentCardScanner.Next(span, 0, out var length);
        if (start < 0)
        {
            return input;
        }

        var builder = new StringBuilder(input.Length);
        var copied = 0;
        while (start >= 0)
        {
            builder.Append(span[copied..start]).Append(CardReplacement);
            Interlocked.Increment(ref _counts[_cardSlot]);
            copied = start + length;
            start = PaymentCardScanner.Next(span, copied, out length);
        }

        return builder.Append(span[copied..]).ToString();
    }

    private static bool EndsWithKey(ReadOnlySpan<char> key, string entry)
    {
        if (key.Length < entry.Length)
        {
            return false;
        }

        var start = key.Length - entry.Length;
        for (var i = 0; i < entry.Length; i++)
        {
            var a = Fold(key[start + i]);
            var b = Fold(entry[i]);
            if (a != b)
            {
                return false;
            }
        }

        if (start == 0)
        {
            return true;
        }

        var before = key[start - 1];
        return !char.IsLetterOrDigit(before) || (char.IsUpper(key[start]) && !char.IsUpper(before));
    }

    private static char Fold(char c) => c == '-' ? '_' : char.ToLowerInvariant(c);
}
