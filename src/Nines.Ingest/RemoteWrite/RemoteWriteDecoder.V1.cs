using Nines.Ingest.Series;
using System.Text.Unicode;
using Nines.Ingest.Protobuf;

namespace Nines.Ingest.RemoteWrite;

// Remote Write 1.0: prometheus.WriteRequest from prometheus/prometheus prompb/remote.proto and
// prompb/types.proto. Field numbers: WriteRequest{timeseries=1, metadata=3},
// TimeSeries{labels=1, samples=2, exemplars=3, histograms=4 (see HistogramDecoder)}, Label{name=1, value=2},
// Sample{double value=1, int64 timestamp=2}. Unknown fields are skipped (proto3 rules).
public sealed partial class RemoteWriteDecoder
{
    private bool DecodeV1(ReadOnlySpan<byte> message, SeriesBatch batch, RemoteWriteResult result)
    {
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return Malformed(result, "WriteRequest field tag");
            }

            if (field == 1 && wire == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out var series) || !DecodeSeriesV1(series, batch, result))
                {
                    return result.Error is IngestErrorKind.MalformedProtobuf or IngestErrorKind.InvalidHistogram ? false : Malformed(result, "TimeSeries");
                }
            }
            else if (field == 3 && wire == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out _))
                {
                    return Malformed(result, "MetricMetadata");
                }

                result.MetadataSkipped++;
            }
            else if (!reader.TrySkip(wire))
            {
                return Malformed(result, $"WriteRequest field {field}");
            }
        }

        return true;
    }

    private bool DecodeSeriesV1(ReadOnlySpan<byte> message, SeriesBatch batch, RemoteWriteResult result)
    {
        var sampleStart = batch.SampleCount;
        _histogramError = null;

        // First pass: samples are decoded, label fields are only located. When the label fields
        // are one contiguous run (what every known sender writes), their raw bytes are the cache key.
        int labelsStart = -1, labelsEnd = -1;
        var contiguous = true;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var tagStart = reader.Position;
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return Malformed(result, "TimeSeries field tag");
            }

            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out _))
                    {
                        return Malformed(result, "Label");
                    }

                    if (labelsStart < 0)
                    {
                        labelsStart = tagStart;
                    }
                    else if (labelsEnd != tagStart)
                    {
                        contiguous = false;
                    }

                    labelsEnd = reader.Position;
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var sample) || !DecodeSample(sample, batch))
                    {
                        return Malformed(result, "Sample");
                    }

                    break;
                case 3 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var exemplar) || !DecodeExemplarV1(exemplar, batch, result))
                    {
                        return Malformed(result, "Exemplar");
                    }

                    break;
                case 4 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var histogram) || !DecodeHistogram(histogram, batch))
                    {
                        return Malformed(result, "Histogram");
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

        var labelRun = contiguous && labelsStart >= 0;
        var cacheable = labelRun && _cache.Enabled;
        var key = labelRun ? message[labelsStart..labelsEnd] : default;
        ulong hash = 0;
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

        // Second pass: decode the labels (the outer structure was validated by the first pass).
        _series.Reset();
        var labels = labelRun ? new ProtoReader(key) : new ProtoReader(message);
        while (!labels.End)
        {
            labels.TryReadTag(out var field, out var wire);
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                labels.TryReadLengthDelimited(out var label);
                if (!DecodeLabelV1(label))
                {
                    return Malformed(result, "Label");
                }
            }
            else
            {
                labels.TrySkip(wire);
            }
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

    private bool DecodeLabelV1(ReadOnlySpan<byte> message)
    {
        ReadOnlySpan<byte> name = default, value = default;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            if (field == 1 && wire == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out name))
                {
                    return false;
                }
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out value))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wire))
            {
                return false;
            }
        }

        // proto3 strings must be valid UTF-8 (https://protobuf.dev/programming-guides/proto3/#scalar);
        // Prometheus rejects such series as invalid labels rather than replacing bytes.
        if (!Utf8.IsValid(name))
        {
            _series.MarkInvalid(RejectReason.InvalidUtf8, "label name is not valid UTF-8");
            return true;
        }

        var nameString = _interner.Get(name);
        if (!Utf8.IsValid(value))
        {
            _series.MarkInvalid(RejectReason.InvalidUtf8, $"value of label \"{nameString}\" is not valid UTF-8");
            return true;
        }

        _series.Add(nameString, _interner.Get(value));
        return true;
    }

    // Sample{double value = 1; int64 timestamp = 2} is the same message in 1.0 and 2.0.
    private static bool DecodeSample(ReadOnlySpan<byte> message, SeriesBatch batch)
    {
        double value = 0;
        long timestamp = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            if (field == 1 && wire == WireType.Fixed64)
            {
                if (!reader.TryReadFixed64(out var bits))
                {
                    return false;
                }

                value = BitConverter.UInt64BitsToDouble(bits);
            }
            else if (field == 2 && wire == WireType.Varint)
            {
                if (!reader.TryReadVarint(out var raw))
                {
                    return false;
                }

                // int64 is two's complement in a varint (negative times are legal before 1970).
                timestamp = unchecked((long)raw);
            }
            else if (!reader.TrySkip(wire))
            {
                return false;
            }
        }

        batch.AddSample(timestamp, value);
        return true;
    }
}
