using Nines.Ingest.Protobuf;

namespace Nines.Ingest.Tests.Protobuf;

public sealed class ProtoReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x00 })] // field number 0
    [InlineData(new byte[] { 0x0E })] // wire type 6
    [InlineData(new byte[] { 0x0F })] // wire type 7
    [InlineData(new byte[] { 0x80 })] // truncated varint
    [InlineData(new byte[] { 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // tag beyond 32 bits
    public void TryReadTag_InvalidTag_ReturnsFalse(byte[] bytes)
    {
        var reader = new ProtoReader(bytes);

        Assert.False(reader.TryReadTag(out _, out _));
    }

    [Fact]
    public void TryReadTag_MaxFieldNumber_Accepted()
    {
        // (2^29 - 1) << 3 | 0 as a varint.
        byte[] bytes = [0xF8, 0xFF, 0xFF, 0xFF, 0x0F];
        var reader = new ProtoReader(bytes);

        Assert.True(reader.TryReadTag(out var field, out var wire));
        Assert.Equal((1 << 29) - 1, field);
        Assert.Equal(WireType.Varint, wire);
    }

    [Fact]
    public void TryReadLengthDelimited_LengthPastEnd_ReturnsFalse()
    {
        byte[] bytes = [0x05, 0x01, 0x02];
        var reader = new ProtoReader(bytes);

        Assert.False(reader.TryReadLengthDelimited(out _));
    }

    [Fact]
    public void TryReadLengthDelimited_HugeLength_ReturnsFalseWithoutOverflow()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00];
        var reader = new ProtoReader(bytes);

        Assert.False(reader.TryReadLengthDelimited(out _));
    }

    [Fact]
    public void TryReadVarint_NegativeInt64_TenBytes()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var reader = new ProtoReader(bytes);

        Assert.True(reader.TryReadVarint(out var value));
        Assert.Equal(-1L, unchecked((long)value));
        Assert.True(reader.End);
    }

    [Fact]
    public void TrySkip_Groups_Rejected()
    {
        var reader = new ProtoReader([0x00]);

        Assert.False(reader.TrySkip(WireType.StartGroup));
        Assert.False(reader.TrySkip(WireType.EndGroup));
    }

    [Fact]
    public void TryReadFixed_Truncated_ReturnsFalse()
    {
        var reader = new ProtoReader([1, 2, 3]);

        Assert.False(reader.TryReadFixed32(out _));
        Assert.False(reader.TryReadFixed64(out _));
    }
}
