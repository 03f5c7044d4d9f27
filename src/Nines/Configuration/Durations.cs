using System.Globalization;
using System.Text;

namespace Nines.Configuration;

/// <summary>
/// Prometheus-style durations: one or more number-unit pairs, largest unit first, each unit at most
/// once: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c>, <c>1y</c>
/// (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration). A bare
/// number is refused: "30" could mean seconds or milliseconds, and guessing wrong is silent.
/// </summary>
internal static class Durations
{
    /// <summary>How a duration is written, for error messages and docs.</summary>
    public const string Syntax = "a number and a unit (ms, s, m, h, d, w, y), largest unit first, like 500ms, 30s, 5m, 1h30m, 12h or 7d";

    // Units in the order they must appear, with their length in milliseconds (y = 365d, w = 7d as in Prometheus).
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why in words.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = $"expected a duration: {Syntax}; got nothing";
            return false;
        }

        if (s.All(char.IsAsciiDigit))
        {
            error = $"a duration needs a unit: write {s}s for seconds or {s}ms for milliseconds ({Syntax}); got '{s}'";
            return false;
        }

        long total = 0;
        var nextUnit = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || i - start > 18)
            {
                error = $"expected a duration: {Syntax}; got '{s}'";
                return false;
            }

            var number = long.Parse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            var index = Array.FindIndex(Units, u => u.Unit == unit);
            if (index < 0 || index < nextUnit)
            {
                error = unit.Length == 0 && i == s.Length
                    ? $"a duration needs a unit after {number} ({Syntax}); got '{s}'"
                    : $"expected a duration: {Syntax}; got '{s}'";
                return false;
            }

            nextUnit = index + 1;
            try
            {
                total = checked(total + (number * Units[index].Milliseconds));
            }
            catch (OverflowException)
            {
                error = $"the duration '{s}' is too long";
                return false;
            }
        }

        if (total > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            error = $"the duration '{s}' is too long";
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> the way <see cref="TryParse"/> reads it: 30s, 1h30m, 7d, 0s.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms <= 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        foreach (var (unit, length) in Units)
        {
            if (unit is "y" or "w")
            {
                // 7d reads more plainly than 1w in a config file.
                continue;
            }

            if (ms >= length)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{ms / length}{unit}");
                ms %= length;
            }
        }

        return sb.ToString();
    }
}
