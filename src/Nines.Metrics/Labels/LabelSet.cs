using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Nines.Metrics.Labels;

/// <summary>
/// An immutable set of labels identifying one series, sorted by name with unique names and no
/// empty values (an empty value means "label absent", as in Prometheus). Build one with
/// <see cref="LabelSetBuilder"/> or <see cref="FromStrings"/>.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    /// <summary>The label name that holds the metric name.</summary>
    public const string MetricNameLabel = "__name__";

    // Names and values interleaved in one array (name0, value0, name1, value1, …): one object
    // header per series instead of one per label, as Prometheus' stringlabels keeps one buffer.
    private readonly string[] _pairs;

    internal LabelSet(string[] pairs)
    {
        _pairs = pairs;
        Hash = ComputeHash(pairs);
    }

    /// <summary>The empty label set.</summary>
    public static LabelSet Empty { get; } = new([]);

    /// <summary>Number of labels.</summary>
    public int Count => _pairs.Length / 2;

    /// <summary>
    /// Stable 64-bit hash (xxHash64 of name 0xFF value 0xFF … in UTF-8, the byte layout
    /// Prometheus' <c>labels.Hash</c> uses), identical across processes and restarts.
    /// </summary>
    public ulong Hash { get; }

    /// <summary>The metric name (the <c>__name__</c> label), or an empty string.</summary>
    public string MetricName => Get(MetricNameLabel);

    /// <summary>The name of the label at <paramref name="index"/> (sorted order).</summary>
    public string NameAt(int index) => _pairs[index * 2];

    /// <summary>The value of the label at <paramref name="index"/> (sorted order).</summary>
    public string ValueAt(int index) => _pairs[(index * 2) + 1];

    /// <summary>The label at <paramref name="index"/> (sorted order).</summary>
    public Label this[int index] => new(_pairs[index * 2], _pairs[(index * 2) + 1]);

    /// <summary>Creates a label set from alternating names and values; validates, sorts and drops empty values.</summary>
    /// <exception cref="ArgumentException">A name is invalid, repeated, or the count is odd.</exception>
    public static LabelSet FromStrings(params string[] nameValuePairs)
    {
        ArgumentNullException.ThrowIfNull(nameValuePairs);
        if (nameValuePairs.Length % 2 != 0)
        {
            throw new ArgumentException("Label names and values must come in pairs; got an odd number of strings.", nameof(nameValuePairs));
        }

        var builder = new LabelSetBuilder();
        for (var i = 0; i < nameValuePairs.Length; i += 2)
        {
            builder.Add(nameValuePairs[i], nameValuePairs[i + 1]);
        }

        return builder.Build();
    }

    /// <summary>The value of label <paramref name="name"/>, or an empty string when absent (Prometheus semantics).</summary>
    public string Get(string name)
    {
        // Label sets are small (typically < 16 labels): a binary search over the names still
        // beats a dictionary and keeps the set one array.
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_pairs[mid * 2], name);
            if (c == 0)
            {
                return _pairs[(mid * 2) + 1];
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return string.Empty;
    }

    /// <summary>Whether a label named <paramref name="name"/> is present.</summary>
    public bool Has(string name) => Get(name).Length != 0;

    /// <summary>Enumerates the labels in name order without allocating.</summary>
    public Enumerator GetEnumerator() => new(_pairs);

    /// <inheritdoc />
    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Hash != Hash || other._pairs.Length != _pairs.Length)
        {
            return false;
        }

        for (var i = 0; i < _pairs.Length; i++)
        {
            if (!string.Equals(_pairs[i], other._pairs[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Hash ^ (int)(Hash >> 32);

    /// <summary>Orders label sets as Prometheus' <c>labels.Compare</c> does: label by label, names then values, ordinal.</summary>
    public int CompareTo(LabelSet? other)
    {
        if (other is null)
        {
            return 1;
        }

        var n = Math.Min(_pairs.Length, other._pairs.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(_pairs[i], other._pairs[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _pairs.Length.CompareTo(other._pairs.Length);
    }

    /// <summary>
    /// Prometheus text form: <c>name{a="b", c="d"}</c>; values escaped as in the exposition
    /// format (backslash, double quote, line feed).
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var name = MetricName;
        sb.Append(name);
        var first = true;
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            if (string.Equals(_pairs[i], MetricNameLabel, StringComparison.Ordinal) && name.Length != 0)
            {
                continue;
            }

            sb.Append(first ? "{" : ", ");
            first = false;
            sb.Append(_pairs[i]).Append("=\"");
            foreach (var ch in _pairs[i + 1])
            {
                switch (ch)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(ch); break;
                }
            }

            sb.Append('"');
        }

        if (!first)
        {
            sb.Append('}');
        }
        else if (name.Length == 0)
        {
            sb.Append("{}");
        }

        return sb.ToString();
    }

    // One-shot over one buffer (stack for ordinary label sets): the same bytes, so the same hash,
    // as hashing label by label, without allocating a streaming hasher per series.
    private static ulong ComputeHash(string[] pairs)
    {
        var max = 0;
        foreach (var s in pairs)
        {
            max += Encoding.UTF8.GetMaxByteCount(s.Length) + 1;
        }

        byte[]? rented = null;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var n = 0;
        foreach (var s in pairs)
        {
            n += Encoding.UTF8.GetBytes(s, buffer[n..]);
            buffer[n++] = 0xFF;
        }

        var hash = XxHash64.HashToUInt64(buffer[..n]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    /// <summary>Allocation-free enumerator over the labels.</summary>
    public struct Enumerator
    {
        private readonly string[] _pairs;
        private int _index;

        internal Enumerator(string[] pairs)
        {
            _pairs = pairs;
            _index = -2;
        }

        /// <summary>The current label.</summary>
        public readonly Label Current => new(_pairs[_index], _pairs[_index + 1]);

        /// <summary>Advances to the next label.</summary>
        public bool MoveNext()
        {
            _index += 2;
            return _index < _pairs.Length;
        }
    }
}
