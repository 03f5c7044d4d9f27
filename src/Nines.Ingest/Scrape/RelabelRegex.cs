using System.Text;
using System.Text.RegularExpressions;

namespace Nines.Ingest.Scrape;

/// <summary>
/// A relabeling regex with Go semantics: fully anchored (Prometheus compiles <c>^(?:re)$</c>),
/// linear time (NonBacktracking, as RE2), and capture groups numbered left to right across named and
/// unnamed groups as Go numbers them (.NET would number named groups last), so that <c>$1</c> and
/// <c>$name</c> in a replacement expand exactly as Go's <c>Regexp.Expand</c> does.
/// </summary>
internal sealed class RelabelRegex
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private readonly Regex _regex;
    private readonly Dictionary<string, int> _names;

    private RelabelRegex(Regex regex, Dictionary<string, int> names, int groups)
    {
        _regex = regex;
        _names = names;
        GroupCount = groups;
    }

    /// <summary>Capturing groups, not counting the whole match.</summary>
    public int GroupCount { get; }

    /// <summary>Compiles <paramref name="pattern"/>; the message says what is wrong when it cannot.</summary>
    public static bool TryCreate(string pattern, out RelabelRegex? regex, out string error)
    {
        regex = null;
        error = "";
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var converted = Convert(pattern, names, out var groups);
        try
        {
            // \z, not $: .NET's $ also matches before a final newline, Go's does not.
            regex = new RelabelRegex(new Regex("^(?:" + converted + ")\\z", Options), names, groups);
            return true;
        }
        catch (ArgumentException ex)
        {
            error = $"invalid regular expression '{pattern}': {ex.Message}";
            return false;
        }
        catch (NotSupportedException ex)
        {
            error = $"regular expression '{pattern}' uses a construct RE2 does not have (backreferences, lookarounds): {ex.Message}";
            return false;
        }
    }

    /// <summary>Whether the whole of <paramref name="value"/> matches.</summary>
    public bool IsMatch(string value) => _regex.IsMatch(value);

    /// <summary>The match of the whole of <paramref name="value"/>, or null.</summary>
    public Match? MatchWhole(string value)
    {
        var m = _regex.Match(value);
        return m.Success ? m : null;
    }

    /// <summary>Go's <c>Regexp.ExpandString</c>: <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c>.</summary>
    public string Expand(string template, Match match)
    {
        var dollar = template.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0)
        {
            return template;
        }

        var sb = new StringBuilder(template.Length + 16);
        var rest = template.AsSpan();
        while (true)
        {
            var i = rest.IndexOf('$');
            if (i < 0)
            {
                sb.Append(rest);
                return sb.ToString();
            }

            sb.Append(rest[..i]);
            rest = rest[i..];
            if (rest.Length > 1 && rest[1] == '$')
            {
                sb.Append('$');
                rest = rest[2..];
                continue;
            }

            if (!TryExtract(rest, out var name, out var consumed))
            {
                // Malformed: the $ is kept as text, as Go does.
                sb.Append('$');
                rest = rest[1..];
                continue;
            }

            rest = rest[consumed..];
            var index = GroupIndex(name);
            if (index >= 0 && index <= GroupCount && match.Groups[index].Success)
            {
                sb.Append(match.Groups[index].ValueSpan);
            }
        }
    }

    // A number (leading zeros allowed, as Go) is a group index; a name is looked up; -1 is "no such group".
    private int GroupIndex(ReadOnlySpan<char> name)
    {
        var num = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || num >= 100_000_000)
            {
                return _names.GetValueOrDefault(name.ToString(), -1);
            }

            num = (num * 10) + (c - '0');
        }

        return num;
    }

    // $name or ${name}: name is letters, digits and underscores (Go's extract).
    private static bool TryExtract(ReadOnlySpan<char> s, out ReadOnlySpan<char> name, out int consumed)
    {
        name = default;
        consumed = 0;
        if (s.Length < 2 || s[0] != '$')
        {
            return false;
        }

        var brace = s[1] == '{';
        var i = brace ? 2 : 1;
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = s[start..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}')
            {
                return false;
            }

            i++;
        }

        consumed = i;
        return true;
    }

    // Rewrites named groups ((?P<n>…) and (?<n>…)) as plain groups, recording Go's number for each name.
    private static string Convert(string pattern, Dictionary<string, int> names, out int groups)
    {
        var sb = new StringBuilder(pattern.Length);
        groups = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(c).Append(pattern[i + 1]);
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);

                // A ']' right after '[' or '[^' is a literal member.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    sb.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    sb.Append(']');
                    i++;
                }

                continue;
            }

            if (c == '(')
            {
                var named = pattern.AsSpan(i).StartsWith("(?P<") ? 4 : pattern.AsSpan(i).StartsWith("(?<") && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!') ? 3 : 0;
                if (named > 0)
                {
                    var close = pattern.IndexOf('>', i + named);
                    if (close > 0)
                    {
                        groups++;
                        names.TryAdd(pattern[(i + named)..close], groups);
                        sb.Append('(');
                        i = close;
                        continue;
                    }
                }
                else if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
                {
                    groups++;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
