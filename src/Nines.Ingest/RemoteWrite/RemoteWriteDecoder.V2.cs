using Nines.Ingest.Series;
using System.Buffers;
using System.Text.Unicode;
using Nines.Ingest.Protobuf;

namespace Nines.Ingest.RemoteWrite;

// Remote Write 2.0: io.prometheus.write.v2.Request from prometheus/prometheus
// prompb/io/prometheus/write/v2/types.proto. Field numbers: Request{symbols=4, timeseries=5}
// (1-3 reserved), TimeSeries{labels_refs=1 (packed uint32), samples=2, histograms=3 (see HistogramDecoder),
// exemplars=4, metadata=5, created_timestamp=6}. Spec:
// https://prometheus.io/docs/specs/prw/remote_write_spec_2_0/#protobuf-message
public sealed partial class RemoteWriteDecoder
{
    private int[] _symbolOffsets = new int[256];
    private int[] _symbolLengths = new int[256];
    private uint[] _refs = new uint[64];
    private byte[] _keyScratch = new byte[512];

    private bool DecodeV2(ReadOnlySpan<byte> message, SeriesBatch batch, RemoteWriteResult result)
    {
        // Field order on the wire is not guaranteed, so the symbol table is collected in a first
        // pass (offsets only) and series are decoded in a second.
        var symbolCount = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return Malformed(result, "Request field tag");
            }

            if (field == 4 && wire == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out var symbol, out var offset))
                {
                    return Malformed(result, "symbols entry");
                }

                if (symbolCount == _symbolOffsets.Length)
                {
                    Array.Resize(ref _symbolOffsets, symbolCount * 2);
                    Array.Resize(ref _symbolLengths, symbolCount * 2);
                }

                _symbolOffsets[symbolCount] = offset;
                _symbolLengths[symbolCount] = symbol.Length;
                symbolCount++;
            }
            else if (!reader.TrySkip(wire))
            {
                return Malformed(result, $"Request field {field}");
            }
        }

        // Each symbol is decoded to a string once per request, on first use.
        var strings = ArrayPool<string?>.Shared.Rent(Math.Max(symbolCount, 1));
        Array.Clear(strings, 0, symbolCount);
        try
        {
            var symbols = new SymbolTable(message, _symbolOffsets, _symbolLengths, symbolCount, strings);
            reader = new ProtoReader(message);
            while (!reader.End)
            {
                reader.TryReadTag(out var field, out var wire);
                if (field == 5 && wire == WireType.LengthDelimited)
                {
                    if (!reader.TryReadLengthDelimited(out var series) || !DecodeSeriesV2(series, symbols, batch, result))
                    {
                        return result.Error is IngestErrorKind.MalformedProtobuf or IngestErrorKind.InvalidSymbolReference or IngestErrorKind.InvalidHistogram
                            ? false
                            : Malformed(result, "TimeSeries");
                    }
                }
                else
                {
                    // Already validated by the first pass.
                    reader.TrySkip(wire);
                }
            }
        }
        finally
        {
            Array.Clear(strings, 0, symbolCount);
            ArrayPool<string?>.Shared.Return(strings);
        }

        return true;
    }

    private bool DecodeSeriesV2(ReadOnlySpan<byte> message, SymbolTable symbols, SeriesBatch batch, RemoteWriteResult result)
    {
        _series.Reset();
        var refCount = 0;
        var sampleStart = batch.SampleCount;
        _histogramError = null;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return Malformed(result, "TimeSeries field tag");
            }

            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    // Packed encoding (the proto3 default for repeated scalars).
                    if (!reader.TryReadLengthDelimited(out var packed))
                    {
                        return Malformed(result, "labels_refs");
                    }

                    var inner = new ProtoReader(packed);
                    while (!inner.End)
                    {
                        if (!inner.TryReadVarint(out var r) || r > uint.MaxValue)
                        {
                            return Malformed(result, "labels_refs");
                        }

                        AddRef(ref refCount, (uint)r);
                    }

                    break;
                case 1 when wire == WireType.Varint:
                    // Parsers must also accept the unpacked form (protobuf encoding guide, "Packed Repeated Fields").
                    if (!reader.TryReadVarint(out var single) || single > uint.MaxValue)
                    {
                        return Malformed(result, "labels_refs");
                    }

                    AddRef(ref refCount, (uint)single);
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var sample) || !DecodeSample(sample, batch))
                    {
                        return Malformed(result, "Sample");
                    }

                    break;
                case 3 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var histogram) || !DecodeHistogram(histogram, batch))
                    {
                        return Malformed(result, "Histogram");
                    }

                    break;
                case 4 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var exemplar) || !DecodeExemplarV2(exemplar, symbols, batch, result))
                    {
                        return Malformed(result, "Exemplar");
                    }

                    break;
                case 5 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out _))
                    {
                        return Malformed(result, "Metadata");
                    }

                    break;
                default:
                    if (!reader.TrySkip(wire))
                    {
                        return Malformed(result, $"TimeSeries field {field}");
                    }

                    break;
            }
        }

        // "This list's length is always a multiple of two" (types.proto, labels_refs).
        if ((refCount & 1) != 0)
        {
            result.Fail(IngestErrorKind.InvalidSymbolReference, $"labels_refs has an odd length ({refCount}); it must hold name/value pairs");
            return false;
        }

        for (var i = 0; i < refCount; i++)
        {
            if (_refs[i] >= (uint)symbols.Count)
            {
                result.Fail(IngestErrorKind.InvalidSymbolReference, $"label ref {_refs[i]} is out of bounds of the symbols table (size {symbols.Count})");
                return false;
            }
        }

        // Refs are per-request indexes, so the cache key is the referenced bytes themselves.
        var cacheable = _cache.Enabled && refCount != 0;
        ulong hash = 0;
        var key = cacheable ? BuildKeyV2(symbols, refCount) : default;
        if (cacheable && _cache.TryGet(key, out hash, out var cached))
        {
            if (_histogramError is not null)
            {
                return FailHistogram(result, cached);
            }

            if (batch.HasPending(sampleStart))
            {
                batch.CommitSeries(cached);
            }

            return true;
        }

        for (var i = 0; i < refCount; i += 2)
        {
            var nameRef = _refs[i];
            var valueRef = _refs[i + 1];
            var name = symbols.Get(nameRef, _interner);
            var value = symbols.Get(valueRef, _interner);
            if (name is null || value is null)
            {
                _series.MarkInvalid(RejectReason.InvalidUtf8, $"symbol {(name is null ? nameRef : valueRef)} is not valid UTF-8");
                continue;
            }

            _series.Add(name, value);
        }

        var built = CommitOrReject(batch, result, sampleStart);
        if (_histogramError is not null && built is not null)
        {
            return FailHistogram(result, built);
        }

        if (cacheable && built is not null)
        {
            _cache.Add(hash, key, built);
        }

        return true;
    }

    // Key layout: 0xFF (never the first byte of a 1.0 key, which starts with tag 0x0A), then each
    // referenced symbol as uvarint length + bytes, so distinct label lists never share a key.
    private ReadOnlySpan<byte> BuildKeyV2(SymbolTable symbols, int refCount)
    {
        var needed = 1;
        for (var i = 0; i < refCount; i++)
        {
            needed += 5 + symbols.Bytes(_refs[i]).Length;
        }

        if (_keyScratch.Length < needed)
        {
            _keyScratch = new byte[Math.Max(needed, _keyScratch.Length * 2)];
        }

        var span = _keyScratch.AsSpan();
        span[0] = 0xFF;
        var pos = 1;
        for (var i = 0; i < refCount; i++)
        {
            var bytes = symbols.Bytes(_refs[i]);
            var length = (uint)bytes.Length;
            while (length >= 0x80)
            {
                span[pos++] = (byte)(length | 0x80);
                length >>= 7;
            }

            span[pos++] = (byte)length;
            bytes.CopyTo(span[pos..]);
            pos += bytes.Length;
        }

        return span[..pos];
    }

    private void AddRef(ref int count, uint value)
    {
        if (count == _refs.Length)
        {
            Array.Resize(ref _refs, count * 2);
        }

        _refs[count++] = value;
    }

    /// <summary>Lazily decoded view of the request's symbols; <c>null</c> marks invalid UTF-8.</summary>
    private readonly ref struct SymbolTable
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private readonly string?[] _strings;

        public SymbolTable(ReadOnlySpan<byte> message, int[] offsets, int[] lengths, int count, string?[] strings)
        {
            _message = message;
            _offsets = offsets;
            _lengths = lengths;
            Count = count;
            _strings = strings;
        }

        public int Count { get; }

        public ReadOnlySpan<byte> Bytes(uint index) => _message.Slice(_offsets[index], _lengths[index]);

        public string? Get(uint index, StringInterner interner)
        {
            var s = _strings[index];
            if (s is not null)
            {
                return ReferenceEquals(s, Invalid) ? null : s;
            }

            var bytes = _message.Slice(_offsets[index], _lengths[index]);
            s = Utf8.IsValid(bytes) ? interner.Get(bytes) : Invalid;
            _strings[index] = s;
            return ReferenceEquals(s, Invalid) ? null : s;
        }

        // A sentinel instance distinct from any decoded string (never interned).
        private static readonly string Invalid = new('\uFFFF', 1);
    }
}
