using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>
/// A pull parser over a scraped body in UTF-8, for the Prometheus text format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) and OpenMetrics 1.0
/// (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md), following
/// Prometheus 2.42's model/textparse: the same tokens are accepted and the same values result.
/// <see cref="Next"/> validates a whole line without allocating; label strings are made only when
/// asked for (<see cref="ReadLabels"/>), so a caller that caches series by <see cref="SeriesBytes"/>
/// pays for them once. Errors throw <see cref="ExpositionFormatException"/> with line and column.
/// </summary>
internal ref struct ExpositionParser
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _om;
    private int _pos;
    private int _line;
    private int _lineStart;
    private bool _sawEof;

    private int _nameStart;
    private int _nameEnd;
    private int _labelsStart = -1;
    private int _labelsEnd = -1;
    private int _seriesEnd;
    private int _exLabelsStart = -1;
    private int _exLabelsEnd = -1;
    private int _textStart;
    private int _textEnd;

    public ExpositionParser(ReadOnlySpan<byte> data, ExpositionFormat format)
    {
        _data = data;
        _om = format == ExpositionFormat.OpenMetrics;
    }

    /// <summary>The current series' value (NaNs normalised to Prometheus' normal NaN).</summary>
    public double Value { get; private set; }

    /// <summary>Whether the current series has a timestamp.</summary>
    public bool HasTimestamp { get; private set; }

    /// <summary>The current series' timestamp in Unix milliseconds (OpenMetrics seconds are converted, truncating as Prometheus does).</summary>
    public long Timestamp { get; private set; }

    /// <summary>Whether the current series carries an OpenMetrics exemplar.</summary>
    public readonly bool HasExemplar => _exLabelsStart >= 0;

    /// <summary>The exemplar's value.</summary>
    public double ExemplarValue { get; private set; }

    /// <summary>Whether the exemplar has a timestamp.</summary>
    public bool ExemplarHasTimestamp { get; private set; }

    /// <summary>The exemplar's timestamp in Unix milliseconds.</summary>
    public long ExemplarTimestamp { get; private set; }

    /// <summary>For <see cref="ExpositionEntry.Type"/>: the type.</summary>
    public ExpositionMetricType Type { get; private set; }

    /// <summary>The 1-based line of the current entry.</summary>
    public readonly int Line => _line;

    /// <summary>The metric name of the current series, or the family named by HELP/TYPE/UNIT.</summary>
    public readonly ReadOnlySpan<byte> MetricName => _data[_nameStart.._nameEnd];

    /// <summary>Name and label text of the current series exactly as exposed: a cache key for the series.</summary>
    public readonly ReadOnlySpan<byte> SeriesBytes => _data[_nameStart.._seriesEnd];

    /// <summary>The raw (still escaped) text of a HELP line or the unit of a UNIT line.</summary>
    public readonly ReadOnlySpan<byte> RawText => _data[_textStart.._textEnd];

    /// <summary>Advances to the next series or metadata line; comments and (text format) blank lines are skipped.</summary>
    /// <exception cref="ExpositionFormatException">The line is malformed.</exception>
    public ExpositionEntry Next()
    {
        while (true)
        {
            if (_pos >= _data.Length)
            {
                if (_om && !_sawEof)
                {
                    // Point just past the last line's text, not at the start of a line that is not there.
                    ThrowAt(_pos > _lineStart && _data[_pos - 1] == '\n' ? _pos - 1 : _pos, "data does not end with # EOF");
                }

                return ExpositionEntry.End;
            }

            if (_sawEof)
            {
                _line++;
                _lineStart = _pos;
                ThrowAt(_pos, "unexpected data after # EOF");
            }

            _line++;
            _lineStart = _pos;
            var newline = _data[_pos..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? _data.Length : _pos + newline;
            _pos = newline < 0 ? _data.Length : lineEnd + 1;

            var i = _lineStart;
            if (!_om)
            {
                i = SkipBlanks(i, lineEnd);
            }

            if (i == lineEnd)
            {
                if (_om)
                {
                    ThrowAt(i, "empty line (OpenMetrics allows none)");
                }

                continue;
            }

            if (_data[i] == '#')
            {
                var entry = _om ? OpenMetricsComment(i, lineEnd) : TextComment(i, lineEnd);
                if (entry is { } e)
                {
                    return e;
                }

                continue;
            }

            Sample(i, lineEnd);
            return ExpositionEntry.Series;
        }
    }

    /// <summary>Adds <c>__name__</c> and the current series' labels, unescaped, to <paramref name="into"/>.</summary>
    /// <exception cref="ExpositionFormatException">A name or value is not valid UTF-8.</exception>
    public readonly void ReadLabels(LabelInterner interner, List<Label> into)
    {
        if (!interner.TryIntern(MetricName, out var name))
        {
            ThrowAt(_nameStart, "metric name is not valid UTF-8");
        }

        into.Add(new Label(LabelSet.MetricNameLabel, name));
        if (_labelsStart >= 0)
        {
            ReadLabelList(_labelsStart, _labelsEnd, interner, into);
        }
    }

    /// <summary>Adds the current exemplar's labels to <paramref name="into"/>.</summary>
    public readonly void ReadExemplarLabels(LabelInterner interner, List<Label> into)
    {
        if (_exLabelsStart >= 0)
        {
            ReadLabelList(_exLabelsStart, _exLabelsEnd, interner, into);
        }
    }

    /// <summary>The unescaped HELP text.</summary>
    public readonly string HelpText()
    {
        var raw = RawText;
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var buffer = new byte[raw.Length];
        var n = Unescape(raw, buffer, helpOnly: !_om);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    // Text format: '#' then blanks; HELP and TYPE are metadata, anything else is a comment.
    private ExpositionEntry? TextComment(int i, int end)
    {
        var j = i + 1;
        var afterBlanks = SkipBlanks(j, end);
        if (afterBlanks == j)
        {
            return null;
        }

        var word = _data[afterBlanks..end];
        ExpositionEntry kind;
        if (word.StartsWith("HELP"u8))
        {
            kind = ExpositionEntry.Help;
        }
        else if (word.StartsWith("TYPE"u8))
        {
            kind = ExpositionEntry.Type;
        }
        else
        {
            return null;
        }

        j = afterBlanks + 4;
        var nameStart = SkipBlanks(j, end);
        if (nameStart == j)
        {
            // "# HELPER …" is a comment, as in Prometheus' lexer.
            return null;
        }

        var nameEnd = ScanMetricName(nameStart, end);
        if (nameEnd == nameStart)
        {
            ThrowAt(nameStart, $"expected a metric name after {(kind == ExpositionEntry.Help ? "HELP" : "TYPE")}");
        }

        _nameStart = nameStart;
        _nameEnd = nameEnd;
        var textStart = SkipBlanks(nameEnd, end);
        if (textStart == nameEnd && nameEnd != end)
        {
            ThrowAt(nameEnd, "expected a blank after the metric name");
        }

        _textStart = textStart;
        _textEnd = end;
        if (kind == ExpositionEntry.Type)
        {
            var type = _data[textStart..end].TrimEnd(" \t"u8);
            Type = type switch
            {
                _ when type.SequenceEqual("counter"u8) => ExpositionMetricType.Counter,
                _ when type.SequenceEqual("gauge"u8) => ExpositionMetricType.Gauge,
                _ when type.SequenceEqual("histogram"u8) => ExpositionMetricType.Histogram,
                _ when type.SequenceEqual("summary"u8) => ExpositionMetricType.Summary,
                _ when type.SequenceEqual("untyped"u8) => ExpositionMetricType.Unknown,
                _ => InvalidType(textStart, type),
            };
        }

        return kind;
    }

    // OpenMetrics: every '#' line is "# HELP|TYPE|UNIT name text" or "# EOF".
    private ExpositionEntry? OpenMetricsComment(int i, int end)
    {
        var line = _data[i..end];
        if (line.SequenceEqual("# EOF"u8))
        {
            _sawEof = true;
            return null;
        }

        ExpositionEntry kind;
        if (line.StartsWith("# HELP "u8))
        {
            kind = ExpositionEntry.Help;
        }
        else if (line.StartsWith("# TYPE "u8))
        {
            kind = ExpositionEntry.Type;
        }
        else if (line.StartsWith("# UNIT "u8))
        {
            kind = ExpositionEntry.Unit;
        }
        else
        {
            ThrowAt(i, "expected '# HELP', '# TYPE', '# UNIT' or '# EOF' (OpenMetrics has no free comments)");
            return null;
        }

        var nameStart = i + 7;
        var nameEnd = ScanMetricName(nameStart, end);
        if (nameEnd == nameStart)
        {
            ThrowAt(nameStart, "expected a metric name");
        }

        _nameStart = nameStart;
        _nameEnd = nameEnd;
        if (nameEnd == end)
        {
            ThrowAt(nameEnd, "expected a space and text after the metric name");
        }

        if (_data[nameEnd] != ' ')
        {
            ThrowAt(nameEnd, "expected a space after the metric name");
        }

        _textStart = nameEnd + 1;
        _textEnd = end;
        var text = _data[_textStart..end];
        switch (kind)
        {
            case ExpositionEntry.Type:
                Type = text switch
                {
                    _ when text.SequenceEqual("counter"u8) => ExpositionMetricType.Counter,
                    _ when text.SequenceEqual("gauge"u8) => ExpositionMetricType.Gauge,
                    _ when text.SequenceEqual("histogram"u8) => ExpositionMetricType.Histogram,
                    _ when text.SequenceEqual("gaugehistogram"u8) => ExpositionMetricType.GaugeHistogram,
                    _ when text.SequenceEqual("summary"u8) => ExpositionMetricType.Summary,
                    _ when text.SequenceEqual("info"u8) => ExpositionMetricType.Info,
                    _ when text.SequenceEqual("stateset"u8) => ExpositionMetricType.StateSet,
                    _ when text.SequenceEqual("unknown"u8) => ExpositionMetricType.Unknown,
                    _ => InvalidType(_textStart, text),
                };
                break;
            case ExpositionEntry.Help:
                if (!System.Text.Unicode.Utf8.IsValid(text))
                {
                    ThrowAt(_textStart, "HELP text is not valid UTF-8");
                }

                break;
            case ExpositionEntry.Unit:
                // The unit must be the metric name's suffix after an underscore (OpenMetrics "Unit").
                var name = _data[nameStart..nameEnd];
                if (text.Length > 0 && (!name.EndsWith(text) || name.Length < text.Length + 1 || name[name.Length - text.Length - 1] != '_'))
                {
                    ThrowAt(_textStart, $"unit '{Encoding.UTF8.GetString(text)}' is not a suffix of metric '{Encoding.UTF8.GetString(name)}'");
                }

                break;
        }

        return kind;
    }

    private void Sample(int i, int end)
    {
        _nameStart = i;
        _nameEnd = ScanMetricName(i, end);
        if (_nameEnd == i)
        {
            ThrowAt(i, "expected a metric name");
        }

        var j = _nameEnd;
        _labelsStart = -1;
        _labelsEnd = -1;
        _exLabelsStart = -1;
        _exLabelsEnd = -1;
        HasTimestamp = false;
        ExemplarHasTimestamp = false;
        if (!_om)
        {
            j = SkipBlanks(j, end);
        }

        if (j < end && _data[j] == '{')
        {
            _labelsStart = j + 1;
            j = ScanLabelList(j + 1, end);
            _labelsEnd = j - 1;
            _seriesEnd = j;
        }
        else
        {
            _seriesEnd = _nameEnd;
        }

        // Value.
        j = ExpectSeparator(j, end, "expected a space and the value");
        var valueEnd = ScanToken(j, end);
        if (!GoFloat.TryParse(_data[j..valueEnd], out var value))
        {
            ThrowAt(j, $"'{Token(j, valueEnd)}' is not a number");
        }

        Value = double.IsNaN(value) ? GoFloat.NormalNaN : value;
        j = valueEnd;
        if (AtLineEnd(j, end))
        {
            return;
        }

        // Timestamp, or (OpenMetrics) an exemplar.
        j = ExpectSeparator(j, end, "expected a space before the timestamp");
        if (!_om || _data[j] != '#')
        {
            var tsEnd = ScanToken(j, end);
            Timestamp = _om ? ParseSecondsTimestamp(j, tsEnd) : ParseMillisTimestamp(j, tsEnd);
            HasTimestamp = true;
            j = tsEnd;
            if (AtLineEnd(j, end))
            {
                return;
            }

            j = ExpectSeparator(j, end, "expected the end of the line after the timestamp");
            if (!_om || _data[j] != '#')
            {
                ThrowAt(j, "expected the end of the line after the timestamp");
            }
        }

        Exemplar(j, end);
    }

    // "# {labels} value [timestamp]" after an OpenMetrics sample.
    private void Exemplar(int j, int end)
    {
        if (j + 2 >= end || _data[j + 1] != ' ' || _data[j + 2] != '{')
        {
            ThrowAt(j, "expected an exemplar '# {labels} value'");
        }

        _exLabelsStart = j + 3;
        j = ScanLabelList(j + 3, end);
        _exLabelsEnd = j - 1;
        j = ExpectSeparator(j, end, "expected a space and the exemplar value");
        var valueEnd = ScanToken(j, end);
        if (!GoFloat.TryParse(_data[j..valueEnd], out var value))
        {
            ThrowAt(j, $"exemplar value '{Token(j, valueEnd)}' is not a number");
        }

        ExemplarValue = value;
        j = valueEnd;
        if (j == end)
        {
            return;
        }

        j = ExpectSeparator(j, end, "expected a space before the exemplar timestamp");
        var tsEnd = ScanToken(j, end);
        ExemplarTimestamp = ParseSecondsTimestamp(j, tsEnd);
        ExemplarHasTimestamp = true;
        if (tsEnd != end)
        {
            ThrowAt(tsEnd, "expected the end of the line after the exemplar timestamp");
        }
    }

    // Scans 'name="value",…}' starting after '{'; returns the index after '}'.
    private readonly int ScanLabelList(int j, int end)
    {
        while (true)
        {
            j = SkipBlanksText(j, end);
            if (j >= end)
            {
                ThrowAt(j, "expected a label name or '}'");
            }

            if (_data[j] == '}')
            {
                return j + 1;
            }

            var nameEnd = ScanLabelName(j, end);
            if (nameEnd == j)
            {
                ThrowAt(j, "expected a label name");
            }

            j = SkipBlanksText(nameEnd, end);
            if (j >= end || _data[j] != '=')
            {
                ThrowAt(j, "expected '=' after the label name");
            }

            j = SkipBlanksText(j + 1, end);
            if (j >= end || _data[j] != '"')
            {
                ThrowAt(j, "expected a quoted label value");
            }

            j = ScanQuoted(j + 1, end);
            j = SkipBlanksText(j, end);
            if (j < end && _data[j] == ',')
            {
                j++;
                continue;
            }

            if (j < end && _data[j] == '}')
            {
                return j + 1;
            }

            ThrowAt(j, "expected ',' or '}' after the label value");
        }
    }

    // Returns the index after the closing quote; escapes skip one byte.
    private readonly int ScanQuoted(int j, int end)
    {
        var rest = _data[j..end];
        var k = 0;
        while (true)
        {
            var found = rest[k..].IndexOfAny((byte)'"', (byte)'\\');
            if (found < 0)
            {
                ThrowAt(end, "unterminated label value (missing '\"')");
            }

            k += found;
            if (rest[k] == '"')
            {
                return j + k + 1;
            }

            k += 2;
            if (k > rest.Length)
            {
                ThrowAt(end, "unterminated label value (missing '\"')");
            }
        }
    }

    private readonly void ReadLabelList(int start, int end, LabelInterner interner, List<Label> into)
    {
        byte[]? rented = null;
        var j = start;
        while (true)
        {
            j = SkipBlanksText(j, end);
            if (j >= end)
            {
                break;
            }

            var nameEnd = ScanLabelName(j, end);
            interner.TryIntern(_data[j..nameEnd], out var name);
            j = SkipBlanksText(nameEnd, end);
            j = SkipBlanksText(j + 1, end);
            var valueStart = j + 1;
            var valueEnd = ScanQuoted(valueStart, end) - 1;
            var raw = _data[valueStart..valueEnd];
            string value;
            bool ok;
            if (raw.IndexOf((byte)'\\') < 0)
            {
                ok = interner.TryIntern(raw, out value);
            }
            else
            {
                if (rented is null || rented.Length < raw.Length)
                {
                    rented = new byte[Math.Max(raw.Length, 256)];
                }

                var n = Unescape(raw, rented, helpOnly: false);
                ok = interner.TryIntern(rented.AsSpan(0, n), out value);
            }

            if (!ok)
            {
                ThrowAt(valueStart, $"value of label '{name}' is not valid UTF-8");
            }

            into.Add(new Label(name, value));
            j = SkipBlanksText(valueEnd + 1, end);
            if (j < end && _data[j] == ',')
            {
                j++;
            }
        }
    }

    // \\ → \, \" → " (label values only), \n → newline; any other escape stays as written, as Prometheus' replacers do.
    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> into, bool helpOnly)
    {
        var n = 0;
        for (var k = 0; k < raw.Length; k++)
        {
            var c = raw[k];
            if (c == '\\' && k + 1 < raw.Length)
            {
                var next = raw[k + 1];
                if (next == '\\' || next == 'n' || (next == '"' && !helpOnly))
                {
                    into[n++] = next == 'n' ? (byte)'\n' : next;
                    k++;
                    continue;
                }
            }

            into[n++] = c;
        }

        return n;
    }

    private readonly long ParseMillisTimestamp(int j, int end)
    {
        if (!long.TryParse(_data[j..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            ThrowAt(j, $"timestamp '{Token(j, end)}' is not a whole number of milliseconds");
        }

        return ms;
    }

    private readonly long ParseSecondsTimestamp(int j, int end)
    {
        if (!GoFloat.TryParse(_data[j..end], out var seconds) || !double.IsFinite(seconds))
        {
            ThrowAt(j, $"timestamp '{Token(j, end)}' is not a finite number of seconds");
        }

        // Prometheus converts with int64(ts*1000): truncation toward zero.
        return (long)(seconds * 1000);
    }

    private readonly bool AtLineEnd(int j, int end) => _om ? j == end : SkipBlanks(j, end) == end;

    private readonly int ExpectSeparator(int j, int end, string what)
    {
        if (_om)
        {
            if (j >= end || _data[j] != ' ' || j + 1 >= end)
            {
                ThrowAt(j, what);
            }

            return j + 1;
        }

        var k = SkipBlanks(j, end);
        if (k >= end)
        {
            ThrowAt(j, what);
        }

        return k;
    }

    private readonly int ScanToken(int j, int end)
    {
        var k = j;
        while (k < end && _data[k] is not ((byte)' ' or (byte)'\t'))
        {
            k++;
        }

        return k;
    }

    private readonly int ScanMetricName(int j, int end)
    {
        var k = j;
        while (k < end)
        {
            var c = _data[k];
            var ok = char.IsAsciiLetter((char)c) || c == '_' || c == ':' || (k > j && char.IsAsciiDigit((char)c));
            if (!ok)
            {
                break;
            }

            k++;
        }

        return k;
    }

    private readonly int ScanLabelName(int j, int end)
    {
        var k = j;
        while (k < end)
        {
            var c = _data[k];
            var ok = char.IsAsciiLetter((char)c) || c == '_' || (k > j && char.IsAsciiDigit((char)c));
            if (!ok)
            {
                break;
            }

            k++;
        }

        return k;
    }

    private readonly int SkipBlanks(int j, int end)
    {
        while (j < end && _data[j] is (byte)' ' or (byte)'\t')
        {
            j++;
        }

        return j;
    }

    // Blanks inside braces are tolerated in the text format only.
    private readonly int SkipBlanksText(int j, int end) => _om ? j : SkipBlanks(j, end);

    private readonly string Token(int start, int end)
    {
        var token = _data[start..Math.Min(end, start + 64)];
        return Encoding.UTF8.GetString(token);
    }

    private readonly ExpositionMetricType InvalidType(int at, ReadOnlySpan<byte> type)
    {
        ThrowAt(at, $"invalid metric type '{Encoding.UTF8.GetString(type)}'");
        return default;
    }

    [DoesNotReturn]
    private readonly void ThrowAt(int offset, string reason) =>
        throw new ExpositionFormatException(Math.Max(_line, 1), offset - _lineStart + 1, reason);
}
