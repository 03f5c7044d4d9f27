using System.Buffers.Binary;

namespace Nines.Bench.Peers;

/// <summary>
/// Encodes a remote write 1.0 <c>WriteRequest</c> by hand (prometheus/prompb/remote.proto and
/// types.proto: WriteRequest.timeseries = 1; TimeSeries.labels = 1, samples = 2; Label.name = 1,
/// value = 2; Sample.value = 1 (double), timestamp = 2 (int64)), so the payloads the peers receive
/// are byte-identical and built outside the timed section.
/// </summary>
internal sealed class RemoteWriteEncoder
{
    private byte[] _buffer = new byte[1 << 20];
    private int _length;

    public void Reset() => _length = 0;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void AddSeries(string[] labels, long timestamp, double value)
    {
        // Inner sizes first: TimeSeries = labels + one sample.
        var labelsSize = 0;
        for (var i = 0; i < labels.Length; i += 2)
        {
            var labelSize = StringField(labels[i]) + StringField(labels[i + 1]);
            labelsSize += 1 + VarintSize((ulong)labelSize) + labelSize;
        }

        var sampleSize = 1 + 8 + 1 + VarintSize((ulong)timestamp);
        var seriesSize = labelsSize + 1 + VarintSize((ulong)sampleSize) + sampleSize;
        Ensure(1 + 10 + seriesSize);

        WriteTag(1, 2);
        WriteVarint((ulong)seriesSize);
        for (var i = 0; i < labels.Length; i += 2)
        {
            var labelSize = StringField(labels[i]) + StringField(labels[i + 1]);
            WriteTag(1, 2);
            WriteVarint((ulong)labelSize);
            WriteString(1, labels[i]);
            WriteString(2, labels[i + 1]);
        }

        WriteTag(2, 2);
        WriteVarint((ulong)sampleSize);
        WriteTag(1, 1);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
        WriteTag(2, 0);
        WriteVarint((ulong)timestamp);
    }

    private static int StringField(string s)
    {
        var n = System.Text.Encoding.UTF8.GetByteCount(s);
        return 1 + VarintSize((ulong)n) + n;
    }

    private static int VarintSize(ulong v)
    {
        var n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }

        return n;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong v)
    {
        while (v >= 0x80)
        {
            _buffer[_length++] = (byte)(v | 0x80);
            v >>= 7;
        }

        _buffer[_length++] = (byte)v;
    }

    private void WriteString(int field, string s)
    {
        WriteTag(field, 2);
        var n = System.Text.Encoding.UTF8.GetByteCount(s);
        WriteVarint((ulong)n);
        _length += System.Text.Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
    }
}
