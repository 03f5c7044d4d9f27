using System.Text;
using Nines.Metrics.Labels;

namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Collects one series' labels, validates them with Prometheus semantics and builds the
/// <see cref="LabelSet"/> without exceptions on the normal path. Unsorted labels are accepted and
/// sorted, as Prometheus' remote-write handler does (prompb <c>labelProtosToLabels</c> sorts with
/// <c>ScratchBuilder.Sort</c>); duplicates are rejected as the TSDB does ("label name is not unique").
/// Names follow the legacy scheme <c>[a-zA-Z_][a-zA-Z0-9_]*</c> that <see cref="LabelSetBuilder"/> enforces.
/// </summary>
internal sealed class SeriesLabels
{
    private readonly LabelSetBuilder _builder = new();
    private string[] _names = new string[32];
    private string[] _values = new string[32];
    private int _count;
    private RejectReason? _pending;
    private string? _pendingMessage;

    public int Count => _count;

    public void Reset()
    {
        _count = 0;
        _pending = null;
        _pendingMessage = null;
    }

    public void Add(string name, string value)
    {
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _names[_count] = name;
        _values[_count] = value;
        _count++;
    }

    /// <summary>Marks the series invalid for a reason found while decoding (for example invalid UTF-8).</summary>
    public void MarkInvalid(RejectReason reason, string? message)
    {
        if (_pending is null)
        {
            _pending = reason;
            _pendingMessage = message;
        }
    }

    /// <summary>Redacts label values as the series is built; null stores them as sent.</summary>
    public Pipeline.Redaction.Redactor? Redactor { get; set; }

    public bool TryBuild(bool wantMessage, out LabelSet labels, out RejectReason reason, out string? message)
    {
        labels = LabelSet.Empty;
        message = null;
        if (_pending is { } pending)
        {
            reason = pending;
            message = _pendingMessage;
            return false;
        }

        reason = default;
        if (_count == 0)
        {
            reason = RejectReason.EmptyLabelSet;
            message = wantMessage ? "invalid series: empty label set" : null;
            return false;
        }

        SortByName();
        var metricName = -1;
        for (var i = 0; i < _count; i++)
        {
            var name = _names[i];
            if (!LabelSetBuilder.IsValidLabelName(name))
            {
                reason = RejectReason.InvalidLabelName;
                message = wantMessage ? $"invalid label name \"{name}\" in series {Render()}: it must match [a-zA-Z_][a-zA-Z0-9_]*" : null;
                return false;
            }

            if (i > 0 && string.Equals(_names[i - 1], name, StringComparison.Ordinal))
            {
                reason = RejectReason.DuplicateLabelName;
                message = wantMessage ? $"label name \"{name}\" is not unique in series {Render()}" : null;
                return false;
            }

            if (string.Equals(name, LabelSet.MetricNameLabel, StringComparison.Ordinal))
            {
                metricName = i;
            }
        }

        if (metricName < 0 || _values[metricName].Length == 0)
        {
            reason = RejectReason.MissingMetricName;
            message = wantMessage ? $"series {Render()} has no metric name (__name__ label)" : null;
            return false;
        }

        if (!LabelSetBuilder.IsValidMetricName(_values[metricName]))
        {
            reason = RejectReason.InvalidMetricName;
            message = wantMessage ? $"invalid metric name \"{_values[metricName]}\": it must match [a-zA-Z_:][a-zA-Z0-9_:]*" : null;
            return false;
        }

        _builder.Clear();
        for (var i = 0; i < _count; i++)
        {
            // Only on a series-cache miss: a known series' cached labels are already redacted.
            _builder.Add(_names[i], Redactor is null ? _values[i] : Redactor.RedactLabel(_names[i], _values[i]));
        }

        try
        {
            labels = _builder.Build();
            return true;
        }
        catch (ArgumentException ex)
        {
            // Unreachable after the checks above (values come from validated UTF-8); kept so a
            // future rule in LabelSetBuilder cannot turn into an unhandled exception here.
            reason = RejectReason.InvalidLabelName;
            message = ex.Message;
            return false;
        }
    }

    // Label lists are short and usually already sorted: insertion sort is linear then.
    private void SortByName()
    {
        for (var i = 1; i < _count; i++)
        {
            var name = _names[i];
            var value = _values[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(_names[j], name) > 0)
            {
                _names[j + 1] = _names[j];
                _values[j + 1] = _values[j];
                j--;
            }

            _names[j + 1] = name;
            _values[j + 1] = value;
        }
    }

    private string Render()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_names[i]).Append("=\"").Append(_values[i]).Append('"');
        }

        return sb.Append('}').ToString();
    }
}
