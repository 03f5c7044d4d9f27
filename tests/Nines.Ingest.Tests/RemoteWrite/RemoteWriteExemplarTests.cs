using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;
using V1 = Nines.Ingest.Tests.Reference.V1;
using V2 = Nines.Ingest.Tests.Reference.V2;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteExemplarTests
{
    private static RemoteWriteDecoder CreateSut() => new();

    private static V1.Exemplar ExemplarV1(string trace, double value, long t)
    {
        var e = new V1.Exemplar { Value = value, Timestamp = t };
        e.Labels.Add(new V1.Label { Name = "trace_id", Value = trace });
        return e;
    }

    [Fact]
    public void Decode_V1ExemplarsInTheirOwnSeries_AsPrometheusSendsThem()
    {
        // Prometheus' queue manager puts samples and exemplars of one series in separate TimeSeries.
        var samples = Payloads.Series(["__name__", "rpc_bucket", "le", "0.5"], (1000, 4));
        var exemplars = Payloads.Series(["__name__", "rpc_bucket", "le", "0.5"]);
        exemplars.Exemplars.Add(ExemplarV1("4bf92f3577b34da6a3ce929d0e0e4736", 0.31, 1000));
        exemplars.Exemplars.Add(ExemplarV1("00f067aa0ba902b7a3ce929d0e0e4736", 0.42, 1001));
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(Payloads.Snappy(Payloads.V1Bytes(samples, exemplars)), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(2, batch.SeriesCount);
        Assert.Equal(0, batch.GetExemplars(0).Length);
        var decoded = batch.GetExemplars(1).ToArray();
        Assert.Equal([(0.31, 1000L), (0.42, 1001L)], decoded.Select(e => (e.Value, e.Timestamp)));
        Assert.Equal(LabelSet.FromStrings("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), decoded[0].Labels);
        Assert.Equal(batch.GetLabels(0), batch.GetLabels(1));
    }

    [Fact]
    public void Decode_V1ExemplarWithInvalidLabelName_DroppedAndCountedSeriesKept()
    {
        var ts = Payloads.Series(["__name__", "x"], (1, 1));
        var bad = new V1.Exemplar { Value = 1, Timestamp = 1 };
        bad.Labels.Add(new V1.Label { Name = "trace-id", Value = "abc" });
        ts.Exemplars.Add(bad);
        ts.Exemplars.Add(ExemplarV1("abc", 2, 2));
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(Payloads.V1Bytes(ts), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(1, result.ExemplarsSkipped);
        Assert.Equal(2, Assert.Single(batch.GetExemplars(0).ToArray()).Value);
    }

    [Fact]
    public void Decode_InvalidSeries_ItsExemplarsDroppedWithIt()
    {
        var bad = Payloads.Series(["__name__", "x", "__name__", "y"], (1, 1));
        bad.Exemplars.Add(ExemplarV1("a", 1, 1));
        var good = Payloads.Series(["__name__", "z"]);
        good.Exemplars.Add(ExemplarV1("b", 2, 2));
        using var batch = new SeriesBatch();

        CreateSut().Decode(Payloads.V1Bytes(bad, good), RemoteWriteVersion.V1, batch);

        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal("b", Assert.Single(batch.GetExemplars(0).ToArray()).Labels.Get("trace_id"));
    }

    [Fact]
    public void Decode_V2ExemplarLabelRefs_ResolvedFromTheSymbolTable()
    {
        var req = Payloads.V2Request((["__name__", "rpc_bucket", "le", "+Inf"], [(1000, 7)]));
        req.Symbols.Add("trace_id");
        req.Symbols.Add("0af7651916cd43dd8448eb211c80319c");
        var e = new V2.Exemplar { Value = 9.5, Timestamp = 999 };
        e.LabelsRefs.Add((uint)req.Symbols.Count - 2);
        e.LabelsRefs.Add((uint)req.Symbols.Count - 1);
        req.Timeseries[0].Exemplars.Add(e);
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(Payloads.Snappy(req.ToByteArray()), RemoteWriteVersion.V2, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        var decoded = Assert.Single(batch.GetExemplars(0).ToArray());
        Assert.Equal((9.5, 999L, "0af7651916cd43dd8448eb211c80319c"), (decoded.Value, decoded.Timestamp, decoded.Labels.Get("trace_id")));
    }

    [Fact]
    public void Decode_V2ExemplarRefOutOfBounds_MalformedRequest()
    {
        var req = Payloads.V2Request((["__name__", "x"], [(1, 1)]));
        var e = new V2.Exemplar { Value = 1, Timestamp = 1 };
        e.LabelsRefs.Add(1);
        e.LabelsRefs.Add(999);
        req.Timeseries[0].Exemplars.Add(e);
        using var batch = new SeriesBatch();

        var result = CreateSut().Decode(req.ToByteArray(), RemoteWriteVersion.V2, batch);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("Exemplar", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BatchReused_NoExemplarsCarriedOver()
    {
        var sut = CreateSut();
        using var batch = new SeriesBatch();
        var first = Payloads.Series(["__name__", "a"], (1, 1));
        first.Exemplars.Add(ExemplarV1("a", 1, 1));
        sut.Decode(Payloads.V1Bytes(first, Payloads.Series(["__name__", "b"], (1, 1))), RemoteWriteVersion.V1, batch);
        batch.Clear();

        var second = Payloads.Series(["__name__", "c"], (2, 2));
        var third = Payloads.Series(["__name__", "d"]);
        third.Exemplars.Add(ExemplarV1("d", 4, 4));
        sut.Decode(Payloads.V1Bytes(second, third), RemoteWriteVersion.V1, batch);

        Assert.Equal(0, batch.GetExemplars(0).Length);
        Assert.Equal("d", Assert.Single(batch.GetExemplars(1).ToArray()).Labels.Get("trace_id"));
        Assert.Equal(1, batch.ExemplarCount);
    }
}
