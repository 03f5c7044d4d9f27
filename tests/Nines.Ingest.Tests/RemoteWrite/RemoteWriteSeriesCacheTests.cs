using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteSeriesCacheTests
{
    private static RemoteWriteDecoder CreateSut(int cacheSize = 1024) => new(new RemoteWriteDecoderOptions { SeriesCacheSize = cacheSize });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_SameSeriesTwice_ReusesLabelSetInstance(bool secondDecoderSharingTheCache)
    {
        var shared = new SeriesCache(1024);
        var sut = new RemoteWriteDecoder(null, shared);
        var second = secondDecoderSharingTheCache ? new RemoteWriteDecoder(null, shared) : sut;
        var raw = Payloads.Realistic(10, 1).ToByteArray();
        using var first = new SeriesBatch();
        using var again = new SeriesBatch();

        sut.Decode(raw, RemoteWriteVersion.V1, first);
        var result = second.Decode(raw, RemoteWriteVersion.V1, again);

        Assert.Equal(10, result.SeriesAccepted);
        for (var i = 0; i < 10; i++)
        {
            Assert.Same(first.GetLabels(i), again.GetLabels(i));
        }
    }

    [Fact]
    public async Task Decode_DecodersSharingACacheConcurrently_EveryBatchHasTheSentLabels()
    {
        var shared = new SeriesCache(64);
        var req = Payloads.Realistic(200, 1);
        var raw = req.ToByteArray();
        var expected = new RemoteWriteDecoder(new RemoteWriteDecoderOptions { SeriesCacheSize = 0 });
        using var reference = new SeriesBatch();
        expected.Decode(raw, RemoteWriteVersion.V1, reference);

        // A small cache under four decoders: entries are added, hit and cleared while others read.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var decoder = new RemoteWriteDecoder(null, shared);
            using var batch = new SeriesBatch();
            for (var round = 0; round < 50; round++)
            {
                decoder.Decode(raw, RemoteWriteVersion.V1, batch);
                Assert.Equal(200, batch.SeriesCount);
                for (var i = 0; i < 200; i++)
                {
                    Assert.Equal(reference.GetLabels(i), batch.GetLabels(i));
                }
            }
        })));
    }

    [Fact]
    public void Decode_InvalidSeriesTwice_RejectedBothTimes()
    {
        var sut = CreateSut();
        var raw = Payloads.V1Bytes(Payloads.Series(["__name__", "up", "job", "a", "job", "b"], (1, 1)));
        using var batch = new SeriesBatch();

        sut.Decode(raw, RemoteWriteVersion.V1, batch);
        var result = sut.Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(1, result.GetSeriesRejected(RejectReason.DuplicateLabelName));
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void Decode_CacheFull_ClearsAndKeepsDecodingCorrectly()
    {
        var sut = CreateSut(cacheSize: 4);
        var req = Payloads.Realistic(50, 1);
        using var batch = new SeriesBatch();

        sut.Decode(req.ToByteArray(), RemoteWriteVersion.V1, batch);
        var result = sut.Decode(req.ToByteArray(), RemoteWriteVersion.V1, batch);

        Assert.Equal(50, result.SeriesAccepted);
        Assert.Equal(req.Timeseries[49].Labels.Single(l => l.Name == "path").Value, batch.GetLabels(49).Get("path"));
    }

    [Fact]
    public void Decode_LabelsInterleavedWithSamples_DecodedWithoutCache()
    {
        // TimeSeries: label __name__=up, sample (v=1, t=7), label job=x.
        byte[] series =
        [
            0x0A, 0x0E, 0x0A, 0x08, .. "__name__"u8, 0x12, 0x02, .. "up"u8,
            0x12, 0x0B, 0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 0x07,
            0x0A, 0x08, 0x0A, 0x03, .. "job"u8, 0x12, 0x01, .. "x"u8,
        ];
        byte[] raw = [0x0A, (byte)series.Length, .. series];
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(LabelSet.FromStrings("__name__", "up", "job", "x"), batch.GetLabels(0));
        Assert.Equal(new SeriesSample(7, 1.0), batch.GetSamples(0)[0]);
    }

    [Fact]
    public void Decode_CacheDisabled_StillDecodes()
    {
        var raw = Payloads.Realistic(5, 2).ToByteArray();
        using var batch = new SeriesBatch();

        var result = CreateSut(cacheSize: 0).Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(10, result.SamplesAccepted);
    }

    [Fact]
    public void DecodeV2_SameLabelsDifferentSymbolOrder_ReusesLabelSetInstance()
    {
        var sut = CreateSut();
        var a = Payloads.V2Request((["__name__", "up", "job", "node"], [(1, 1)]));
        var b = Payloads.V2Request((["job", "x"], [(1, 1)]), (["__name__", "up", "job", "node"], [(2, 2)]));
        using var first = new SeriesBatch();
        using var second = new SeriesBatch();

        sut.Decode(a.ToByteArray(), RemoteWriteVersion.V2, first);
        sut.Decode(b.ToByteArray(), RemoteWriteVersion.V2, second);

        Assert.Same(first.GetLabels(0), second.GetLabels(0));
        Assert.Equal(1, second.SeriesCount);
    }

    [Fact]
    public void DecodeV2_CachedSeries_StillBoundsChecksRefs()
    {
        var sut = CreateSut();
        var req = Payloads.V2Request((["__name__", "up"], [(1, 1)]));
        using var batch = new SeriesBatch();
        sut.Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);
        req.Timeseries[0].LabelsRefs[0] = 99;

        var result = sut.Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.InvalidSymbolReference, result.Error);
        Assert.Equal("label ref 99 is out of bounds of the symbols table (size 3)", result.ErrorMessage);
    }
}
