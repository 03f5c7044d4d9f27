using System.Text;

namespace Nines.Ingest.Otlp;

/// <summary>
/// OTLP → Prometheus name translation, following Prometheus' <c>otlptranslator</c>
/// (github.com/prometheus/otlptranslator, metric_namer.go / unit_namer.go / label_namer.go) in its
/// default "underscore escaping with suffixes" mode, which implements the OpenTelemetry
/// compatibility spec: https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/#otlp-metric-points-to-prometheus
/// </summary>
internal static class OtlpNames
{
    // unit_namer.go unitMap: UCUM main units to Prometheus words; unknown units pass through.
    private static readonly Dictionary<string, string> UnitMap = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds",
        ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes", ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes", ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules",
        ["W"] = "watts", ["g"] = "grams", ["Cel"] = "celsius", ["Hz"] = "hertz", ["1"] = string.Empty,
        ["%"] = "percent",
    };

    // unit_namer.go perUnitMap: the denominator of "X/Y" units.
    private static readonly Dictionary<string, string> PerUnitMap = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day",
        ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>
    /// Metric name: split into [a-zA-Z0-9:] tokens, append unit words (once), <c>_total</c> for
    /// monotonic counters, <c>_ratio</c> for gauges with unit "1", prefix "_" if it starts with a digit.
    /// </summary>
    public static string MetricName(string name, string unit, OtlpMetricKind kind)
    {
        var tokens = Tokens(name);
        var (main, per) = UnitSuffixes(unit);
        main = CleanUpUnit(main);
        per = CleanUpUnit(per);
        if (tokens.Contains(main))
        {
            main = string.Empty;
        }

        if (per == "per_")
        {
            per = string.Empty;
        }
        else
        {
            per = per.TrimEnd('_');
            if (tokens.Contains(per))
            {
                per = string.Empty;
            }
        }

        if (main.Length != 0)
        {
            tokens.Add(main.TrimEnd('_'));
        }

        if (per.Length != 0)
        {
            tokens.Add(per);
        }

        if (kind == OtlpMetricKind.MonotonicCounter)
        {
            tokens.RemoveAll(static t => t == "total");
            tokens.Add("total");
        }

        // "we're appending _ratio for gauges ONLY" (metric_namer.go).
        if (unit == "1" && kind == OtlpMetricKind.Gauge)
        {
            tokens.RemoveAll(static t => t == "ratio");
            tokens.Add("ratio");
        }

        tokens.RemoveAll(static t => t.Length == 0);
        var joined = string.Join('_', tokens);
        return joined.Length != 0 && char.IsAsciiDigit(joined[0]) ? "_" + joined : joined;
    }

    /// <summary>
    /// Label name: characters outside [a-zA-Z0-9_] become "_", a leading digit gets "key_", a single
    /// leading underscore gets "key" (label_namer.go; double underscores stay reserved-looking).
    /// </summary>
    public static string LabelName(string key)
    {
        if (key.Length == 0)
        {
            return key;
        }

        var sb = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        var s = sb.ToString();
        if (char.IsAsciiDigit(s[0]))
        {
            return "key_" + s;
        }

        if (s[0] == '_' && !s.StartsWith("__", StringComparison.Ordinal))
        {
            return "key" + s;
        }

        return s;
    }

    private static List<string> Tokens(string name)
    {
        var tokens = new List<string>(8);
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var valid = i < name.Length && (char.IsAsciiLetterOrDigit(name[i]) || name[i] == ':');
            if (valid && start < 0)
            {
                start = i;
            }
            else if (!valid && start >= 0)
            {
                tokens.Add(name[start..i]);
                start = -1;
            }
        }

        return tokens;
    }

    // unit_namer.go buildUnitSuffixes: "main/per"; parts in curly braces are annotations and dropped.
    private static (string Main, string Per) UnitSuffixes(string unit)
    {
        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        var mainOtel = (slash < 0 ? unit : unit[..slash]).Trim();
        var main = string.Empty;
        if (mainOtel.Length != 0 && mainOtel.IndexOfAny(['{', '}']) < 0)
        {
            main = UnitMap.GetValueOrDefault(mainOtel, mainOtel);
        }

        var per = string.Empty;
        if (slash >= 0)
        {
            var perOtel = unit[(slash + 1)..].Trim();
            if (perOtel.Length != 0 && perOtel.IndexOfAny(['{', '}']) < 0)
            {
                per = PerUnitMap.GetValueOrDefault(perOtel, perOtel);
            }

            if (per.Length != 0)
            {
                per = "per_" + per;
            }
        }

        return (main, per);
    }

    // cleanUpUnit: non-name characters to "_", runs of "_" collapsed, leading "_" trimmed.
    private static string CleanUpUnit(string unit)
    {
        if (unit.Length == 0)
        {
            return unit;
        }

        var sb = new StringBuilder(unit.Length);
        foreach (var c in unit)
        {
            var mapped = char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_';
            if (mapped == '_' && sb.Length != 0 && sb[^1] == '_')
            {
                continue;
            }

            sb.Append(mapped);
        }

        return sb.ToString().TrimStart('_');
    }
}
