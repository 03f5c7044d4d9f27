using System.Text;
using Nines.Metrics.Labels;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Tests.Wal;

public sealed class WalCodecTests
{
    [Fact]
    public void Crc32C_StandardCheckInput_MatchesCastagnoliCheckValue()
    {
        // The CRC catalogue's check value for CRC-32C ("123456789").
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Read_RecordsThenEnd_ReturnsEachRecordThenEnd()
    {
        var bytes = Encode(out _);
        using var sut = CreateSut(bytes);

        Assert.Equal(WalReadStatus.Record, sut.Read(out var type, out var payload));
        Assert.Equal(WalRecordType.Series, type);
        var reader = new PayloadReader(payload);
        Assert.Equal(1ul, reader.ReadUVarint());
        var labels = WalRecords.ReadSeries(ref reader, new LabelSetBuilder(), out var id);
        Assert.Equal(7u, id);
        Assert.Equal(LabelSet.FromStrings("__name__", "up", "job", "ü"), labels);

        Assert.Equal(WalReadStatus.Record, sut.Read(out type, out payload));
        Assert.Equal(WalRecordType.Samples, type);
        reader = new PayloadReader(payload);
        Assert.Equal(2ul, reader.ReadUVarint());
        Assert.Equal(7, reader.ReadVarint());
        Assert.Equal(-5, reader.ReadVarint());
        Assert.Equal(double.NaN, reader.ReadDouble());
        Assert.Equal(0, reader.ReadVarint());
        Assert.Equal(15_000, reader.ReadVarint());
        Assert.Equal(2.5, reader.ReadDouble());
        Assert.True(reader.End);

        Assert.Equal(WalReadStatus.End, sut.Read(out _, out _));
    }

    [Fact]
    public void Read_EveryTruncationPoint_TornAndOffsetAtRecordStart()
    {
        var bytes = Encode(out var firstRecordLength);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            if (cut == firstRecordLength)
            {
                continue;
            }

            using var sut = CreateSut(bytes.AsSpan(0, cut).ToArray());
            var status = sut.Read(out _, out _);
            if (cut > firstRecordLength)
            {
                Assert.Equal(WalReadStatus.Record, status);
                status = sut.Read(out _, out _);
            }

            Assert.Equal(WalReadStatus.Torn, status);
            Assert.Equal(cut > firstRecordLength ? firstRecordLength : 0, sut.RecordOffset);
        }
    }

    [Fact]
    public void Read_AnyFlippedByte_CorruptOrTornNeverARecord()
    {
        var bytes = Encode(out var firstRecordLength);
        for (var i = 0; i < firstRecordLength; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x10;
            using var sut = CreateSut(damaged);
            Assert.NotEqual(WalReadStatus.Record, sut.Read(out _, out _));
            Assert.Equal(0, sut.RecordOffset);
        }
    }

    [Fact]
    public void Read_RecordLargerThanBuffer_GrowsOnlyToThatRecord()
    {
        var buffer = new RecordBuffer();
        buffer.BeginRecord();
        buffer.WriteUVarint(1);
        WalRecords.WriteSeries(buffer, 1, LabelSet.FromStrings("__name__", "big", "blob", new string('x', 20_000)));
        buffer.EndRecord(WalRecordType.Series, 1 << 20);
        var bytes = buffer.WrittenSpan.ToArray();
        buffer.Return();

        using var sut = new WalReader(new MemoryStream(bytes), 4096, 1 << 20);
        Assert.Equal(WalReadStatus.Record, sut.Read(out _, out var payload));
        Assert.True(payload.Length > 20_000);
        Assert.InRange(sut.MaxBufferedBytes, bytes.Length, 2 * 32_768);
        Assert.Equal(WalReadStatus.End, sut.Read(out _, out _));
    }

    [Fact]
    public void Read_LengthAboveMaximum_Corrupt()
    {
        var bytes = Encode(out _);
        using var sut = new WalReader(new MemoryStream(bytes), 4096, maxRecordBytes: 8);
        Assert.Equal(WalReadStatus.Corrupt, sut.Read(out _, out _));
    }

    [Fact]
    public void Varint_RoundTrip_ExtremesPreserved()
    {
        var buffer = new RecordBuffer();
        long[] values = [0, 1, -1, long.MaxValue, long.MinValue, 63, -64, 1L << 40];
        foreach (var v in values)
        {
            buffer.WriteVarint(v);
        }

        buffer.WriteUVarint(ulong.MaxValue);
        var reader = new PayloadReader(buffer.WrittenSpan);
        foreach (var v in values)
        {
            Assert.Equal(v, reader.ReadVarint());
        }

        Assert.Equal(ulong.MaxValue, reader.ReadUVarint());
        Assert.True(reader.End);
        buffer.Return();
    }

    private static WalReader CreateSut(byte[] bytes) => new(new MemoryStream(bytes), 4096, 1 << 20);

    private static byte[] Encode(out int firstRecordLength)
    {
        var buffer = new RecordBuffer(16);
        buffer.BeginRecord();
        buffer.WriteUVarint(1);
        WalRecords.WriteSeries(buffer, 7, LabelSet.FromStrings("job", "ü", "__name__", "up"));
        buffer.EndRecord(WalRecordType.Series, 1 << 20);
        firstRecordLength = buffer.Length;
        buffer.BeginRecord();
        buffer.WriteUVarint(2);
        buffer.WriteVarint(7);
        buffer.WriteVarint(-5);
        buffer.WriteDouble(double.NaN);
        buffer.WriteVarint(0);
        buffer.WriteVarint(15_000);
        buffer.WriteDouble(2.5);
        buffer.EndRecord(WalRecordType.Samples, 1 << 20);
        var bytes = buffer.WrittenSpan.ToArray();
        buffer.Return();
        return bytes;
    }
}
