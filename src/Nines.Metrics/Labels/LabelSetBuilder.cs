using System.Text;
using System.Text.Unicode;

namespace Nines.Metrics.Labels;

/// <summary>
/// Collects labels in any order and builds a validated, sorted <see cref="LabelSet"/>.
/// Rules follow Prometheus' data model (https://prometheus.io/docs/concepts/data_model/):
/// label names match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, the metric name also allows <c>:</c>,
/// values are valid Unicode (UTF-8 when given as bytes), and an empty value means the label is absent.
/// A builder is reusable after <see cref="Build"/> via <see cref="Clear"/>; it is not thread-safe.
/// </summary>
public sealed class LabelSetBuilder
{
    private readonly List<Label> _labels = new(16);

    /// <summary>Number of labels added so far (including empty values, dropped at build).</summary>
    public int Count => _labels.Count;

    /// <summary>Adds a label; validation happens in <see cref="Build"/>.</summary>
    public LabelSetBuilder Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _labels.Add(new Label(name, value));
        return this;
    }

    /// <summary>Adds a label from UTF-8 bytes, rejecting invalid UTF-8 instead of replacing it.</summary>
    /// <exception cref="ArgumentException">Name or value is not valid UTF-8.</exception>
    public LabelSetBuilder AddUtf8(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(name))
        {
            throw new ArgumentException("Label name is not valid UTF-8.", nameof(name));
        }

        if (!Utf8.IsValid(value))
        {
            throw new ArgumentException($"Value of label '{Encoding.UTF8.GetString(name)}' is not valid UTF-8.", nameof(value));
        }

        _labels.Add(new Label(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value)));
        return this;
    }

    /// <summary>Removes all labels so the builder can be reused.</summary>
    public void Clear() => _labels.Clear();

    /// <summary>
    /// Validates, sorts and returns the label set. <paramref name="anyMetricName"/> lets PromQL's
    /// label functions write any text into <c>__name__</c>, as Prometheus does.
    /// </summary>
    /// <exception cref="ArgumentException">A label name is invalid or repeated, the metric name is invalid, or a value is not valid Unicode.</exception>
    public LabelSet Build(bool anyMetricName = false)
    {
        // Sort first so duplicates are adjacent; ordinal order is Prometheus' byte order for UTF-8
        // except for supplementary characters, which label names (ASCII) never contain.
        _labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var kept = 0;
        for (var i = 0; i < _labels.Count; i++)
        {
            var label = _labels[i];
            if (i > 0 && string.Equals(_labels[i - 1].Name, label.Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Label '{label.Name}' appears more than once in one series.");
            }

            ValidateName(label.Name);
            if (!IsValidUnicode(label.Value))
            {
                throw new ArgumentException($"Value of label '{label.Name}' is not valid Unicode (lone surrogate).");
            }

            if (label.Value.Length != 0)
            {
                kept++;
            }
        }

        if (kept == 0)
        {
            return LabelSet.Empty;
        }

        var pairs = new string[kept * 2];
        var j = 0;
        foreach (var label in _labels)
        {
            if (label.Value.Length == 0)
            {
                continue;
            }

            if (!anyMetricName && string.Equals(label.Name, LabelSet.MetricNameLabel, StringComparison.Ordinal) && !IsValidMetricName(label.Value))
            {
                throw new ArgumentException($"Metric name '{label.Value}' is invalid: it must match [a-zA-Z_:][a-zA-Z0-9_:]*.");
            }

            pairs[j++] = label.Name;
            pairs[j++] = label.Value;
        }

        return new LabelSet(pairs);
    }

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateName(string name)
    {
        if (!IsValidLabelName(name))
        {
            throw new ArgumentException(name.Length == 0
                ? "Label name is empty."
                : $"Label name '{name}' is invalid: it must match [a-zA-Z_][a-zA-Z0-9_]*.");
        }
    }

    // Strings hold UTF-16; the only way to be invalid UTF-8 once encoded is a lone surrogate.
    private static bool IsValidUnicode(string value) => !HasLoneSurrogate(value);

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
