using System.Text.RegularExpressions;

namespace Nines.Metrics.Index;

/// <summary>
/// A PromQL label matcher (<c>name op "value"</c>). Regexes are fully anchored as in Prometheus
/// 3.x, which compiles <c>^(?s:re)$</c> (model/labels/regexp.go), so <c>.</c> also matches a
/// newline (2.42 did not: a documented deviation, docs/promql.md).
/// A matcher that matches the empty string also matches series that lack the label.
/// </summary>
public sealed class Matcher
{
    // NonBacktracking: matchers come from users' queries, and a backtracking engine can be driven
    // into exponential time by patterns such as (a+)+$. Prometheus uses Go's RE2, which is linear
    // and has no backreferences or lookarounds, so NonBacktracking's restrictions reject nothing a
    // Prometheus query may contain while giving the same linear-time guarantee.
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture;

    private static readonly System.Buffers.SearchValues<char> MetaChars = System.Buffers.SearchValues.Create("\\.+*?()|[]{}^$");

    private readonly Regex? _regex;

    private Matcher(MatcherType type, string name, string value)
    {
        Type = type;
        Name = name;
        Value = value;
        if (type is MatcherType.Regex or MatcherType.NotRegex)
        {
            Analyze(value);
            if (LiteralSet is null && Prefix is null)
            {
                try
                {
                    _regex = new Regex("^(?:" + FromGoSyntax(value) + ")$", Options);
                }
                catch (ArgumentException ex)
                {
                    throw new ArgumentException($"Invalid regular expression in matcher {name}{Operator(type)}\"{value}\": {ex.Message}", nameof(value), ex);
                }
                catch (NotSupportedException ex)
                {
                    throw new ArgumentException($"Unsupported regular expression construct in matcher {name}{Operator(type)}\"{value}\": {ex.Message}", nameof(value), ex);
                }
            }
        }

        MatchesEmpty = Matches(string.Empty);
    }

    /// <summary>
    /// A Go (RE2) pattern in .NET's syntax where the two spell the same thing differently: POSIX
    /// classes inside brackets (<c>[[:alpha:]]</c>, which .NET would read as the characters ":alph")
    /// and Python-style named groups (<c>(?P&lt;n&gt;…)</c>). Everything else is returned as is.
    /// </summary>
    /// <param name="re">The pattern as a PromQL query writes it.</param>
    /// <param name="groupNames">
    /// When given, named groups become unnamed ones and their names are added with Go's group
    /// numbers: Go numbers groups in the order they open, named or not, while .NET numbers named
    /// ones after all unnamed ones, so only unnamed groups number alike in both (label_replace).
    /// </param>
    public static string FromGoSyntax(string re, Dictionary<string, int>? groupNames = null)
    {
        ArgumentNullException.ThrowIfNull(re);
        if (!re.Contains("[:", StringComparison.Ordinal) && !re.Contains("(?P<", StringComparison.Ordinal))
        {
            return re;
        }

        var sb = new System.Text.StringBuilder(re.Length + 16);
        var inClass = false;
        var groups = 0;
        for (var i = 0; i < re.Length; i++)
        {
            var c = re[i];
            if (c == '\\' && i + 1 < re.Length)
            {
                sb.Append(c).Append(re[++i]);
                continue;
            }

            if (!inClass && c == '(' && (i + 1 >= re.Length || re[i + 1] != '?'))
            {
                groups++;
            }

            if (!inClass && c == '(' && string.CompareOrdinal(re, i, "(?P<", 0, 4) == 0)
            {
                groups++;
                var close = re.IndexOf('>', i);
                if (groupNames is not null && close > 0)
                {
                    groupNames[re[(i + 4)..close]] = groups;
                    sb.Append('(');
                    i = close;
                    continue;
                }

                sb.Append("(?<");
                i += 3;
                continue;
            }

            if (!inClass && c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal.
                if (i + 1 < re.Length && re[i + 1] == '^')
                {
                    sb.Append(re[++i]);
                }

                if (i + 1 < re.Length && re[i + 1] == ']')
                {
                    sb.Append(re[++i]);
                }

                continue;
            }

            if (inClass && c == '[' && i + 1 < re.Length && re[i + 1] == ':')
            {
                var end = re.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0)
                {
                    // Negated classes ([:^alpha:]) are left to .NET, which has no spelling for them inside brackets.
                    if (PosixClass(re[(i + 2)..end]) is { } set)
                    {
                        sb.Append(set);
                        i = end + 1;
                        continue;
                    }
                }
            }

            if (inClass && c == ']')
            {
                inClass = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    // RE2's POSIX classes (ASCII only), as .NET class members.
    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };

    /// <summary>The operator.</summary>
    public MatcherType Type { get; }

    /// <summary>The label name.</summary>
    public string Name { get; }

    /// <summary>The value or the regex source.</summary>
    public string Value { get; }

    /// <summary>Whether the matcher accepts the empty string, i.e. also selects series without the label.</summary>
    public bool MatchesEmpty { get; }

    /// <summary>For a regex that is a plain alternation <c>a|b|c</c>: its alternatives, sorted, so the index looks them up directly.</summary>
    internal string[]? LiteralSet { get; private set; }

    /// <summary>For a regex <c>literal.*</c>: the literal, so the index binary-searches the value range.</summary>
    internal string? Prefix { get; private set; }

    /// <summary>Creates a matcher.</summary>
    /// <exception cref="ArgumentException">The regex is invalid or uses a construct unsupported in linear time.</exception>
    public static Matcher Create(MatcherType type, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return new Matcher(type, name, value);
    }

    /// <summary>Whether <paramref name="value"/> (empty for an absent label) satisfies the matcher.</summary>
    public bool Matches(string value)
    {
        switch (Type)
        {
            case MatcherType.Equal:
                return string.Equals(value, Value, StringComparison.Ordinal);
            case MatcherType.NotEqual:
                return !string.Equals(value, Value, StringComparison.Ordinal);
            default:
                var positive = MatchesPattern(value);
                return Type == MatcherType.Regex ? positive : !positive;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}{Operator(Type)}\"{Value}\"";

    /// <summary>Whether the pattern (ignoring negation) matches.</summary>
    internal bool MatchesPattern(string value)
    {
        if (LiteralSet is not null)
        {
            return Array.BinarySearch(LiteralSet, value, StringComparer.Ordinal) >= 0;
        }

        if (Prefix is not null)
        {
            return value.StartsWith(Prefix, StringComparison.Ordinal);
        }

        return _regex!.IsMatch(value);
    }

    private static string Operator(MatcherType type) => type switch
    {
        MatcherType.Equal => "=",
        MatcherType.NotEqual => "!=",
        MatcherType.Regex => "=~",
        _ => "!~",
    };

    private void Analyze(string pattern)
    {
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            var literal = pattern.AsSpan(0, pattern.Length - 2);
            if (!literal.ContainsAny(MetaChars))
            {
                Prefix = literal.ToString();
                return;
            }
        }

        // a|b|c with no other metacharacters: a set lookup instead of a regex per value.
        var alternatives = pattern.Split('|');
        foreach (var alt in alternatives)
        {
            if (alt.AsSpan().ContainsAny(MetaChars))
            {
                return;
            }
        }

        Array.Sort(alternatives, StringComparer.Ordinal);
        LiteralSet = alternatives;
    }
}
