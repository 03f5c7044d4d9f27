using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Series;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using V1 = Nines.Ingest.Tests.Reference.V1;
using V2 = Nines.Ingest.Tests.Reference.V2;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteHistogramTests
{
    private const long T = 1_700_000_000_000;

    private static RemoteWriteDecoder CreateSut() => new(new RemoteWriteDecoderOptions { MaxDecompressedBytes = 1 << 20 });

    // 12 observations: 2 in the zero bucket, 6 positive (2, 3, 1 in buckets -1, 0, 3), 4 negative (bucket 0).
    private static V1.Histogram IntegerV1() => new()
    {
        CountInt = 12,
        Sum = 18.4,
        Schema = 1,
        ZeroThreshold = 0.001,
        ZeroCountInt = 2,
        ResetHint = 2,
        Timestamp = T,
        PositiveSpans = { new V1.BucketSpan { Offset = -1, Length = 2 }, new V1.BucketSpan { Offset = 2, Length = 1 } },
        PositiveDeltas = { 2, 1, -2 },
        NegativeSpans = { new V1.BucketSpan { Offset = 0, Length = 1 } },
        NegativeDeltas = { 4 },
    };

    private static Histogram ExpectedInteger() => new()
    {
        CounterResetHint = CounterResetHint.NotCounterReset,
        Count = 12,
        Sum = 18.4,
        Schema = 1,
        ZeroThreshold = 0.001,
        ZeroCount = 2,
        PositiveSpans = [new(-1, 2), new(2, 1)],
        PositiveBuckets = [2, 1, -2],
        NegativeSpans = [new(0, 1)],
        NegativeBuckets = [4],
    };

    [Fact]
    public void DecodeV1_IntegerHistogram_StoredExactlyAsSent()
    {
        var ts = Payloads.Series(["__name__", "rpc_seconds", "job", "a"]);
        ts.Histograms.Add(IntegerV1());
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(ts), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(1, result.HistogramsAccepted);
        Assert.Equal(0, result.SamplesAccepted);
        Assert.Equal(LabelSet.FromStrings("__name__", "rpc_seconds", "job", "a"), batch.GetLabels(0));
        var stored = Assert.Single(batch.GetHistograms(0).ToArray());
        Assert.Equal(T, stored.TimestampMs);
        HistogramAssert.Equal(ExpectedInteger(), stored.Histogram);
    }

    [Fact]
    public void DecodeV1_WithRedaction_HistogramSeriesLabelValuesRedacted()
    {
        var ts = Payloads.Series(["__name__", "h", "user", "ada@example.com"]);
        ts.Histograms.Add(IntegerV1());
        using var batch = new SeriesBatch();
        var sut = new RemoteWriteDecoder(new RemoteWriteDecoderOptions()) { Redactor = new Redactor(new RedactionOptions { Enabled = true }) };

        sut.Decode(Payloads.V1Bytes(ts), RemoteWriteVersion.V1, batch);

        Assert.Equal("[REDACTED:email]", batch.GetLabels(0).Get("user"));
        Assert.Equal(1, batch.GetHistograms(0).Length);
    }

    [Fact]
    public void DecodeV1_HistogramOfSeriesWithoutName_SeriesRejectedHistogramCountedOthersKept()
    {
        var nameless = Payloads.Series(["job", "a"]);
        nameless.Histograms.Add(IntegerV1());
        var named = Payloads.Series(["__name__", "h"]);
        named.Histograms.Add(IntegerV1());
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(nameless, named), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidSeries, result.Error);
        Assert.Equal(1, result.SamplesRejected);
        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal("h", batch.GetLabels(0).MetricName);
        Assert.Equal(1, batch.GetHistograms(0).Length);
    }

    [Fact]
    public void DecodeV1_FloatHistogramWithWholeCounts_ConvertedToDeltas()
    {
        var ts = Payloads.Series(["__name__", "h"]);
        ts.Histograms.Add(new V1.Histogram
        {
            CountFloat = 7,
            Sum = 3,
            ZeroCountFloat = 1,
            Timestamp = T,
            PositiveSpans = { new V1.BucketSpan { Offset = 0, Length = 3 } },
            PositiveCounts = { 1, 3, 2 },
        });
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(ts), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        HistogramAssert.Equal(
            new Histogram { Count = 7, Sum = 3, ZeroCount = 1, PositiveSpans = [new(0, 3)], PositiveBuckets = [1, 2, -1] },
            batch.GetHistograms(0)[0].Histogram);
    }

    [Fact]
    public void DecodeV1_FloatHistogramWithFractionalCount_RequestFailsNamingTheSeriesNothingKept()
    {
        var good = Payloads.Series(["__name__", "up", "job", "a"], (T, 1));
        var bad = Payloads.Series(["__name__", "h", "job", "a"]);
        bad.Histograms.Add(new V1.Histogram { CountFloat = 1.5, PositiveSpans = { new V1.BucketSpan { Length = 1 } }, PositiveCounts = { 1.5 }, Timestamp = T });
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(good, bad), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidHistogram, result.Error);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("h{job=\"a\"}", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("count 1.5 is not a whole number", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, batch.SeriesCount);
        Assert.Equal(0, batch.HistogramCount);
        Assert.Equal(0, result.SamplesAccepted);
    }

    [Theory]
    [InlineData(9, 1, 1, "histogram schema 9 is outside [-4, 8]")]
    [InlineData(-53, 1, 1, "custom buckets (schema -53) are not supported")]
    [InlineData(0, 3, 2, "positive spans cover 3 buckets but 2 positive bucket counts were given")]
    // Deltas 1, 2 are counts 1 and 3.
    [InlineData(0, 2, 2, "histogram count 1 is smaller than the 4 observations in its buckets")]
    public void DecodeV1_InvalidHistogram_RequestFailsWithReason(int schema, uint spanLength, int buckets, string reason)
    {
        var ts = Payloads.Series(["__name__", "h"]);
        var h = new V1.Histogram { CountInt = 1, Schema = schema, Timestamp = T, PositiveSpans = { new V1.BucketSpan { Length = spanLength } } };
        for (var i = 0; i < buckets; i++)
        {
            h.PositiveDeltas.Add(i + 1);
        }

        ts.Histograms.Add(h);
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(ts), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidHistogram, result.Error);
        Assert.StartsWith("invalid native histogram in series h: ", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void DecodeV1_NegativeBucketCount_Invalid()
    {
        var ts = Payloads.Series(["__name__", "h"]);
        ts.Histograms.Add(new V1.Histogram { CountInt = 5, PositiveSpans = { new V1.BucketSpan { Length = 2 } }, PositiveDeltas = { 1, -2 } });
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(ts), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidHistogram, result.Error);
        Assert.Contains("positive bucket 1 has negative count -1", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeV1_InvalidHistogramOfCachedSeries_StillNamesTheSeries()
    {
        var sut = CreateSut();
        using var batch = new SeriesBatch();
        var first = Payloads.Series(["__name__", "h", "job", "a"]);
        first.Histograms.Add(IntegerV1());
        Assert.Equal(IngestErrorKind.None, sut.Decode(Payloads.V1Bytes(first), RemoteWriteVersion.V1, batch).Error);

        var second = Payloads.Series(["__name__", "h", "job", "a"]);
        second.Histograms.Add(new V1.Histogram { CountInt = 0, Schema = 20 });
        var result = sut.Decode(Payloads.V1Bytes(second), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.InvalidHistogram, result.Error);
        Assert.StartsWith("invalid native histogram in series h{job=\"a\"}: histogram schema 20", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void DecodeV1_HistogramsAndFloatsInOneSeries_BothKeptInOrder()
    {
        var ts = Payloads.Series(["__name__", "h"], (T, 1));
        ts.Histograms.Add(new V1.Histogram { CountInt = 1, ZeroCountInt = 1, Timestamp = T + 1 });
        ts.Histograms.Add(new V1.Histogram { CountInt = 2, ZeroCountInt = 2, Timestamp = T + 2 });
        using var batch = new SeriesBatch();

        CreateSut().Decode(Payloads.V1Bytes(ts, Payloads.Series(["__name__", "f"], (T, 2))), RemoteWriteVersion.V1, batch);

        Assert.Equal(2, batch.SeriesCount);
        Assert.Equal(1, batch.GetSamples(0).Length);
        var histograms = batch.GetHistograms(0);
        Assert.Equal([T + 1, T + 2], [histograms[0].TimestampMs, histograms[1].TimestampMs]);
        Assert.Equal(2ul, histograms[1].Histogram.ZeroCount);
        Assert.Equal(0, batch.GetHistograms(1).Length);
    }

    [Fact]
    public void DecodeV1_UnpackedDeltasAndCounts_Accepted()
    {
        // Histogram{count_int=2; positive_spans={length=1}; positive_deltas=2 (unpacked: tag 0x60, zigzag 4)}.
        byte[] histogram = [0x08, 0x02, 0x5A, 0x02, 0x10, 0x01, 0x60, 0x04];
        var series = Payloads.Series(["__name__", "h"]).ToByteArray();
        byte[] ts = [.. series, 0x22, (byte)histogram.Length, .. histogram];
        byte[] request = [0x0A, (byte)ts.Length, .. ts];
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(request, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        HistogramAssert.Equal(new Histogram { Count = 2, PositiveSpans = [new(0, 1)], PositiveBuckets = [2] }, batch.GetHistograms(0)[0].Histogram);
    }

    [Fact]
    public void DecodeV2_IntegerHistogram_StoredExactlyAsSent()
    {
        var req = Payloads.V2Request((["__name__", "rpc_seconds", "job", "a"], []));
        req.Timeseries[0].Histograms.Add(V2.Histogram.Parser.ParseFrom(IntegerV1().ToByteArray()));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(1, result.HistogramsAccepted);
        Assert.Equal(LabelSet.FromStrings("__name__", "rpc_seconds", "job", "a"), batch.GetLabels(0));
        Assert.Equal(T, batch.GetHistograms(0)[0].TimestampMs);
        HistogramAssert.Equal(ExpectedInteger(), batch.GetHistograms(0)[0].Histogram);
    }

    [Fact]
    public void DecodeV2_InvalidHistogram_RequestFailsNamingTheSeries()
    {
        var req = Payloads.V2Request((["__name__", "up"], [(T, 1)]), (["__name__", "h", "job", "b"], []));
        req.Timeseries[1].Histograms.Add(new V2.Histogram { CountInt = 1, ResetHint = 7 });
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.InvalidHistogram, result.Error);
        Assert.Equal("invalid native histogram in series h{job=\"b\"}: histogram reset_hint 7 is not one of 0-3; nothing from the request was stored", result.ErrorMessage);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Theory]
    [InlineData(RemoteWriteVersion.V1)]
    [InlineData(RemoteWriteVersion.V2)]
    public void Decode_EveryTruncationOfHistogramRequest_MalformedOrShorterNeverThrows(RemoteWriteVersion version)
    {
        var raw = HistogramRequest(version);
        var sut = CreateSut();
        using var batch = new SeriesBatch();

        for (var cut = 1; cut < raw.Length; cut++)
        {
            var result = sut.Decode(raw.AsSpan(0, cut), version, batch);

            // A cut between top-level fields leaves a shorter valid message; any other is malformed.
            if (result.Error == IngestErrorKind.None)
            {
                Assert.True(batch.HistogramCount < 2, $"cut {cut}");
                continue;
            }

            Assert.True(result.Error is IngestErrorKind.MalformedProtobuf or IngestErrorKind.InvalidSymbolReference, $"cut {cut}: {result.Error}");
            Assert.Equal(0, batch.SeriesCount);
        }
    }

    [Theory]
    [InlineData(RemoteWriteVersion.V1, 11)]
    [InlineData(RemoteWriteVersion.V2, 12)]
    public void Decode_RandomMutationsOfHistogramRequest_NeverThrowNorKeepInvalid(RemoteWriteVersion version, int seed)
    {
        var valid = HistogramRequest(version);
        var random = new Random(seed);
        var sut = CreateSut();
        using var batch = new SeriesBatch();

        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])valid.Clone();
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var result = sut.Decode(mutated, version, batch);

            Assert.True(result.Error == IngestErrorKind.None || result.ErrorMessage is not null);
            for (var s = 0; s < batch.SeriesCount; s++)
            {
                foreach (var h in batch.GetHistograms(s))
                {
                    Assert.Null(h.Histogram.Validate());
                }
            }
        }
    }

    private static byte[] HistogramRequest(RemoteWriteVersion version)
    {
        var second = new V1.Histogram { CountFloat = 3, ZeroCountFloat = 1, Timestamp = T + 1, NegativeSpans = { new V1.BucketSpan { Offset = 1, Length = 2 } }, NegativeCounts = { 1, 1 } };
        if (version == RemoteWriteVersion.V1)
        {
            var ts = Payloads.Series(["__name__", "h", "job", "a"]);
            ts.Histograms.Add(IntegerV1());
            ts.Histograms.Add(second);
            return Payloads.V1Bytes(ts);
        }

        var req = Payloads.V2Request((["__name__", "h", "job", "a"], []));
        req.Timeseries[0].Histograms.Add(V2.Histogram.Parser.ParseFrom(IntegerV1().ToByteArray()));
        req.Timeseries[0].Histograms.Add(V2.Histogram.Parser.ParseFrom(second.ToByteArray()));
        return req.ToByteArray();
    }
}
