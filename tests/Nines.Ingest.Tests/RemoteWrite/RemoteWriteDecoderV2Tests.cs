using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;
using V2 = Nines.Ingest.Tests.Reference.V2;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteDecoderV2Tests
{
    private static RemoteWriteDecoder CreateSut() => new();

    [Fact]
    public void DecodeSnappy_V2Request_RoundTripsLabelsAndSamples()
    {
        var req = Payloads.V2Request(
            (["__name__", "up", "job", "node"], [(1000, 1), (2000, 0)]),
            (["__name__", "rate", "job", "node", "le", "0.5"], [(1000, 0.25)]));
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(Payloads.Snappy(req.ToByteArray()), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(2, batch.SeriesCount);
        Assert.Equal(LabelSet.FromStrings("__name__", "up", "job", "node"), batch.GetLabels(0));
        Assert.Equal(LabelSet.FromStrings("__name__", "rate", "job", "node", "le", "0.5"), batch.GetLabels(1));
        Assert.Equal([new SeriesSample(1000, 1), new SeriesSample(2000, 0)], batch.GetSamples(0).ToArray());
        Assert.Equal(0.25, batch.GetSamples(1)[0].Value);
    }

    [Fact]
    public void Decode_SymbolsAfterTimeseriesOnTheWire_StillResolved()
    {
        var req = Payloads.V2Request((["__name__", "up"], [(1, 1)]));
        var series = new V2.Request();
        series.Timeseries.Add(req.Timeseries);
        var symbols = new V2.Request();
        symbols.Symbols.Add(req.Symbols);
        var raw = series.ToByteArray().Concat(symbols.ToByteArray()).ToArray();
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal("up", batch.GetLabels(0).MetricName);
    }

    [Fact]
    public void Decode_RefPastSymbolTable_InvalidSymbolReferenceNamingTheRef()
    {
        var req = Payloads.V2Request((["__name__", "up"], [(1, 1)]));
        req.Timeseries[0].LabelsRefs[1] = 17;
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.InvalidSymbolReference, result.Error);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("label ref 17 is out of bounds of the symbols table (size 3)", result.ErrorMessage);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void Decode_OddLabelRefs_InvalidSymbolReference()
    {
        var req = Payloads.V2Request((["__name__", "up"], [(1, 1)]));
        req.Timeseries[0].LabelsRefs.Add(1);
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.InvalidSymbolReference, result.Error);
        Assert.Equal("labels_refs has an odd length (3); it must hold name/value pairs", result.ErrorMessage);
    }

    [Fact]
    public void Decode_InvalidUtf8Symbol_SeriesRejectedAsInvalidUtf8()
    {
        var req = Payloads.V2Request((["__name__", "up", "job", "x"], [(1, 1)]), (["__name__", "ok"], [(1, 1)]));
        var raw = req.ToByteArray();
        // Overwrite the single byte of the symbol "x" with an invalid UTF-8 byte.
        var at = Array.LastIndexOf(raw, (byte)'x');
        raw[at] = 0xFF;
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.InvalidSeries, result.Error);
        Assert.Equal(1, result.GetSeriesRejected(RejectReason.InvalidUtf8));
        Assert.Matches(@"^symbol \d+ is not valid UTF-8$", result.ErrorMessage);
        Assert.Equal(1, batch.SeriesCount);
    }

    [Fact]
    public void Decode_DuplicateLabelViaRefs_Rejected()
    {
        var req = Payloads.V2Request((["__name__", "up", "job", "a", "job", "b"], [(1, 1)]));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(1, result.GetSeriesRejected(RejectReason.DuplicateLabelName));
    }

    [Fact]
    public void Decode_HistogramAndExemplar_BothKeptOnTheSeries()
    {
        var req = Payloads.V2Request((["__name__", "h"], []));
        req.Timeseries[0].Histograms.Add(new V2.Histogram { CountInt = 1, Timestamp = 1 });
        req.Timeseries[0].Exemplars.Add(new V2.Exemplar { Value = 1, Timestamp = 1 });
        req.Timeseries[0].Metadata = new V2.Metadata { Type = V2.Metadata.Types.MetricType.Histogram };
        req.Timeseries[0].CreatedTimestamp = 5;
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(1, result.HistogramsAccepted);
        Assert.Equal(0, result.ExemplarsSkipped);
        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal(1, batch.GetHistograms(0).Length);
        Assert.Equal(1, batch.GetExemplars(0).Length);
    }

    [Fact]
    public void Decode_UnpackedLabelRefs_Accepted()
    {
        // symbols "", "__name__", "up"; one series with unpacked refs 1, 2 and one sample.
        byte[] raw =
        [
            0x22, 0x00,
            0x22, 0x08, .. "__name__"u8,
            0x22, 0x02, .. "up"u8,
            0x2A, 0x11, 0x08, 0x01, 0x08, 0x02, 0x12, 0x0B, 0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 0x07,
        ];
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal("up", batch.GetLabels(0).MetricName);
        Assert.Equal(new SeriesSample(7, 1.0), batch.GetSamples(0)[0]);
    }

    [Fact]
    public void Decode_EveryTruncation_ErrorOrSubsetNeverThrows()
    {
        var raw = Payloads.V2Request(
            (["__name__", "up", "job", "node"], [(1000, 1), (2000, 0)]),
            (["__name__", "x", "job", "node"], [(1000, 3)])).ToByteArray();
        var sut = CreateSut();
        using var batch = new SeriesBatch();

        for (var cut = 1; cut < raw.Length; cut++)
        {
            var result = sut.Decode(raw.AsSpan(0, cut), RemoteWriteVersion.V2, batch);

            Assert.True(result.Error is IngestErrorKind.None or IngestErrorKind.MalformedProtobuf or IngestErrorKind.InvalidSymbolReference,
                $"cut {cut}: {result.Error} {result.ErrorMessage}");
            if (result.Error != IngestErrorKind.None)
            {
                Assert.Equal(0, batch.SeriesCount);
            }
        }
    }
}
