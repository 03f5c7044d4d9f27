using System.Text;
using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;
using V1 = Nines.Ingest.Tests.Reference.V1;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteDecoderV1Tests
{
    private static RemoteWriteDecoder CreateSut(int maxBytes = RemoteWriteDecoderOptions.DefaultMaxDecompressedBytes) =>
        new(new RemoteWriteDecoderOptions { MaxDecompressedBytes = maxBytes });

    [Fact]
    public void DecodeSnappy_RealisticRequest_RoundTripsEverySeriesAndSample()
    {
        var req = Payloads.Realistic(500, 3);
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(Payloads.Snappy(req.ToByteArray()), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(204, result.StatusCode);
        Assert.Null(result.ErrorMessage);
        Assert.Equal(500, batch.SeriesCount);
        Assert.Equal(1500, batch.SampleCount);
        Assert.Equal(1500, result.SamplesAccepted);
        for (var s = 0; s < req.Timeseries.Count; s++)
        {
            var expected = req.Timeseries[s];
            var labels = batch.GetLabels(s);
            Assert.Equal(expected.Labels.Count, labels.Count);
            foreach (var l in expected.Labels)
            {
                Assert.Equal(l.Value, labels.Get(l.Name));
            }

            var samples = batch.GetSamples(s);
            Assert.Equal(expected.Samples.Count, samples.Length);
            for (var i = 0; i < samples.Length; i++)
            {
                Assert.Equal(expected.Samples[i].Timestamp, samples[i].TimestampMs);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Samples[i].Value), BitConverter.DoubleToInt64Bits(samples[i].Value));
            }
        }
    }

    [Fact]
    public void Decode_SpecialValuesAndNegativeTimestamps_ArePreservedBitExact()
    {
        var staleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);
        var raw = Payloads.V1Bytes(Payloads.Series(["__name__", "up"], (-5, staleNaN), (long.MaxValue, double.PositiveInfinity), (long.MinValue, double.Epsilon)));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        var samples = batch.GetSamples(0);
        Assert.Equal(-5, samples[0].TimestampMs);
        Assert.Equal(0x7ff0000000000002, BitConverter.DoubleToInt64Bits(samples[0].Value));
        Assert.Equal(long.MaxValue, samples[1].TimestampMs);
        Assert.Equal(double.PositiveInfinity, samples[1].Value);
        Assert.Equal(long.MinValue, samples[2].TimestampMs);
        Assert.Equal(double.Epsilon, samples[2].Value);
    }

    [Fact]
    public void Decode_UnsortedLabels_AcceptedAndSortedLikePrometheus()
    {
        var raw = Payloads.V1Bytes(Payloads.Series(["zone", "a", "__name__", "up", "job", "node"], (1, 1)));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(LabelSet.FromStrings("__name__", "up", "job", "node", "zone", "a"), batch.GetLabels(0));
    }

    [Fact]
    public void Decode_EmptyLabelValue_DropsLabelAsAbsent()
    {
        var raw = Payloads.V1Bytes(Payloads.Series(["__name__", "up", "job", string.Empty], (1, 1)));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(1, batch.GetLabels(0).Count);
    }

    public static TheoryData<string[], RejectReason, string> InvalidSeries => new()
    {
        { [], RejectReason.EmptyLabelSet, "empty label set" },
        { ["job", "node"], RejectReason.MissingMetricName, "has no metric name (__name__ label)" },
        { ["__name__", ""], RejectReason.MissingMetricName, "has no metric name" },
        { ["__name__", "1up"], RejectReason.InvalidMetricName, "invalid metric name \"1up\"" },
        { ["__name__", "up", "bad-name", "x"], RejectReason.InvalidLabelName, "invalid label name \"bad-name\"" },
        { ["__name__", "up", "", "x"], RejectReason.InvalidLabelName, "invalid label name \"\"" },
        { ["__name__", "up", "job", "a", "job", "b"], RejectReason.DuplicateLabelName, "label name \"job\" is not unique" },
    };

    [Theory]
    [MemberData(nameof(InvalidSeries))]
    public void Decode_InvalidSeries_RejectedWithReasonAndMessageWhileValidSeriesKept(string[] labels, RejectReason reason, string message)
    {
        var raw = Payloads.V1Bytes(
            Payloads.Series(["__name__", "ok"], (1, 1)),
            Payloads.Series(labels, (1, 1), (2, 2)));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidSeries, result.Error);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(1, result.GetSeriesRejected(reason));
        Assert.Equal(1, result.SeriesRejected);
        Assert.Equal(2, result.SamplesRejected);
        Assert.Contains(message, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal(1, batch.SampleCount);
        Assert.Equal("ok", batch.GetLabels(0).MetricName);
    }

    [Fact]
    public void Decode_InvalidUtf8Value_RejectedAsInvalidUtf8()
    {
        // Generated C# strings cannot hold invalid UTF-8: encode a placeholder and patch its bytes.
        var raw = Payloads.V1Bytes(Payloads.Series(["__name__", "up", "path", "QQQ"], (1, 1)));
        Patch(raw, "QQQ"u8, [0x66, 0xC3, 0x28]);
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidSeries, result.Error);
        Assert.Equal(1, result.GetSeriesRejected(RejectReason.InvalidUtf8));
        Assert.Equal("value of label \"path\" is not valid UTF-8", result.ErrorMessage);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void Decode_InvalidUtf8Name_RejectedAsInvalidUtf8()
    {
        var raw = Payloads.V1Bytes(Payloads.Series(["__name__", "up", "QQQ", "x"], (1, 1)));
        Patch(raw, "QQQ"u8, [0xFF, 0xFE, 0x41]);
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(1, result.GetSeriesRejected(RejectReason.InvalidUtf8));
        Assert.Equal("label name is not valid UTF-8", result.ErrorMessage);
    }

    [Fact]
    public void Decode_FirstErrorMessageKept_CountsEveryReason()
    {
        var raw = Payloads.V1Bytes(
            Payloads.Series(["job", "a"], (1, 1)),
            Payloads.Series(["__name__", "up", "a", "1", "a", "2"], (1, 1)),
            Payloads.Series(["job", "b"], (1, 1)));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(2, result.GetSeriesRejected(RejectReason.MissingMetricName));
        Assert.Equal(1, result.GetSeriesRejected(RejectReason.DuplicateLabelName));
        Assert.StartsWith("series {job=\"a\"}", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HistogramsMetadata_HistogramAcceptedMetadataSkippedExemplarKept()
    {
        var ts = Payloads.Series(["__name__", "h"], (1, 1));
        ts.Histograms.Add(new V1.Histogram { CountInt = 3, Sum = 1.5, Timestamp = 1 });
        ts.Exemplars.Add(new V1.Exemplar { Value = 1, Timestamp = 1 });
        var req = new V1.WriteRequest();
        req.Timeseries.Add(ts);
        req.Metadata.Add(new V1.MetricMetadata { MetricFamilyName = "h", Type = V1.MetricMetadata.Types.MetricType.Histogram });
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(1, result.HistogramsAccepted);
        Assert.Equal(0, result.ExemplarsSkipped);
        Assert.Equal(1, result.MetadataSkipped);
        Assert.Equal(1, batch.SampleCount);
        Assert.Equal(1, batch.HistogramCount);
        Assert.Equal(1, batch.ExemplarCount);
    }

    [Fact]
    public void Decode_EveryTruncation_ReturnsMalformedOrPartialNeverThrows()
    {
        var raw = Payloads.V1Bytes(
            Payloads.Series(["__name__", "up", "job", "node"], (1, 1.5), (2, 2.5)),
            Payloads.Series(["__name__", "down", "job", "x"], (3, 3.5)));
        var sut = CreateSut();
        using var batch = new SeriesBatch();

        for (var cut = 1; cut < raw.Length; cut++)
        {
            var result = sut.Decode(raw.AsSpan(0, cut), RemoteWriteVersion.V1, batch);

            // A cut exactly between top-level fields leaves a shorter but valid message.
            if (result.Error == IngestErrorKind.None)
            {
                Assert.True(batch.SeriesCount < 2, $"cut {cut}");
                continue;
            }

            Assert.Equal(IngestErrorKind.MalformedProtobuf, result.Error);
            Assert.StartsWith("malformed protobuf: truncated or invalid ", result.ErrorMessage, StringComparison.Ordinal);
            Assert.Equal(0, batch.SeriesCount);
            Assert.Equal(0, result.SamplesAccepted);
        }
    }

    [Fact]
    public void Decode_GroupWireType_Malformed()
    {
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode([0x0B, 0x0C], RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.MalformedProtobuf, result.Error);
        Assert.Equal("malformed protobuf: truncated or invalid WriteRequest field 1", result.ErrorMessage);
    }

    [Fact]
    public void Decode_OverlongVarint_Malformed()
    {
        using var batch = new SeriesBatch();
        byte[] raw = [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.MalformedProtobuf, result.Error);
    }

    [Fact]
    public void Decode_EmptyBody_AcceptsNothing()
    {
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode([], RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void Decode_BatchReused_ClearedBetweenRequests()
    {
        var sut = CreateSut();
        using var batch = new SeriesBatch();
        sut.Decode(Payloads.Realistic(100, 2).ToByteArray(), RemoteWriteVersion.V1, batch);

        var result = sut.Decode(Payloads.V1Bytes(Payloads.Series(["__name__", "x"], (7, 7))), RemoteWriteVersion.V1, batch);

        Assert.Equal(1, result.SeriesAccepted);
        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal(7, batch.GetSamples(0)[0].TimestampMs);
    }

    [Fact]
    public void Decode_LongLabelValues_NotTruncated()
    {
        var value = new string('x', 5000) + "é";
        using var batch = new SeriesBatch();

        CreateSut().Decode(Payloads.V1Bytes(Payloads.Series(["__name__", "up", "v", value], (1, 1))), RemoteWriteVersion.V1, batch);

        Assert.Equal(value, batch.GetLabels(0).Get("v"));
        Assert.Equal(5002, Encoding.UTF8.GetByteCount(batch.GetLabels(0).Get("v")));
    }

    private static void Patch(byte[] raw, ReadOnlySpan<byte> find, ReadOnlySpan<byte> replace)
    {
        var at = raw.AsSpan().IndexOf(find);
        Assert.True(at >= 0);
        replace.CopyTo(raw.AsSpan(at));
    }
}
