using Google.Protobuf;
using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Otlp;

public sealed class OtlpMetricsExemplarTests
{
    private const ulong T = 1_700_000_000_123_456_789;
    private const string TraceHex = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanHex = "00f067aa0ba902b7";

    private static OtlpMetricsTranslator CreateSut() => new();

    private static Exemplar Ex(double value, params (string Key, string Value)[] attributes)
    {
        var e = new Exemplar
        {
            AsDouble = value,
            TimeUnixNano = T,
            TraceId = ByteString.CopyFrom(Convert.FromHexString(TraceHex)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(SpanHex)),
        };
        foreach (var (k, v) in attributes)
        {
            e.FilteredAttributes.Add(new KeyValue { Key = k, Value = new AnyValue { StringValue = v } });
        }

        return e;
    }

    private static ExportMetricsServiceRequest Request(Metric metric)
    {
        var scope = new ScopeMetrics();
        scope.Metrics.Add(metric);
        var rm = new ResourceMetrics { Resource = new Resource() };
        rm.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "api" } });
        rm.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(rm);
        return request;
    }

    private static Dictionary<string, List<Nines.Metrics.Exemplars.Exemplar>> ExemplarsBySeries(SeriesBatch batch)
    {
        var found = new Dictionary<string, List<Nines.Metrics.Exemplars.Exemplar>>();
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            if (batch.GetExemplars(i).Length > 0)
            {
                found[batch.GetLabels(i).ToString()!] = [.. batch.GetExemplars(i).ToArray()];
            }
        }

        return found;
    }

    [Fact]
    public void Translate_HistogramExemplars_EachOnTheFirstBucketAtOrAboveItsValue()
    {
        var p = new HistogramDataPoint { TimeUnixNano = T, Count = 6, Sum = 20 };
        p.ExplicitBounds.Add([0.5, 5]);
        p.BucketCounts.Add([1, 2, 3]);
        p.Exemplars.Add([Ex(0.5), Ex(0.7), Ex(99)]);
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(p);
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(Request(new Metric { Name = "rpc.duration", Unit = "s", Histogram = histogram }), batch);

        var found = ExemplarsBySeries(batch);
        Assert.Equal(3, result.ExemplarsWritten);
        Assert.Equal([0.5], found["rpc_duration_seconds_bucket{job=\"api\", le=\"0.5\"}"].Select(e => e.Value));
        Assert.Equal([0.7], found["rpc_duration_seconds_bucket{job=\"api\", le=\"5\"}"].Select(e => e.Value));
        Assert.Equal([99.0], found["rpc_duration_seconds_bucket{job=\"api\", le=\"+Inf\"}"].Select(e => e.Value));
        Assert.Equal(3, found.Count);
        var first = found["rpc_duration_seconds_bucket{job=\"api\", le=\"0.5\"}"][0];
        Assert.Equal(LabelSet.FromStrings("span_id", SpanHex, "trace_id", TraceHex), first.Labels);
        Assert.Equal(1_700_000_000_123L, first.Timestamp);
    }

    [Fact]
    public void Translate_SumExemplarWithAttributes_IdsAndAttributesAsLabels()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        var point = new NumberDataPoint { TimeUnixNano = T, AsInt = 10 };
        point.Exemplars.Add(Ex(1, ("http.route", "/pay")));
        sum.DataPoints.Add(point);
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(new Metric { Name = "requests", Sum = sum }), batch);

        var (series, exemplars) = Assert.Single(ExemplarsBySeries(batch));
        Assert.Equal("requests_total{job=\"api\"}", series);
        Assert.Equal(LabelSet.FromStrings("http_route", "/pay", "span_id", SpanHex, "trace_id", TraceHex), Assert.Single(exemplars).Labels);
    }

    [Fact]
    public void Translate_AttributesPastTheLabelLimit_OnlyIdsKept()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        var point = new NumberDataPoint { TimeUnixNano = T, AsDouble = 1 };
        point.Exemplars.Add(Ex(1, ("comment", new string('x', 60))));
        sum.DataPoints.Add(point);
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(new Metric { Name = "c", Sum = sum }), batch);

        var exemplar = Assert.Single(Assert.Single(ExemplarsBySeries(batch)).Value);
        Assert.Equal(LabelSet.FromStrings("span_id", SpanHex, "trace_id", TraceHex), exemplar.Labels);
    }

    [Fact]
    public void Translate_AttributesWithinTheLimitInRunesButNotInUtf16Units_Kept()
    {
        // 63 runes of ids + "note" + 60 emoji = 127 runes (Prometheus' unit), though 187 UTF-16 units.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F525", 60));
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        var point = new NumberDataPoint { TimeUnixNano = T, AsDouble = 1 };
        point.Exemplars.Add(Ex(1, ("note", emoji)));
        sum.DataPoints.Add(point);
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(new Metric { Name = "c", Sum = sum }), batch);

        var exemplar = Assert.Single(Assert.Single(ExemplarsBySeries(batch)).Value);
        Assert.Equal(LabelSet.FromStrings("note", emoji, "span_id", SpanHex, "trace_id", TraceHex), exemplar.Labels);
    }

    [Fact]
    public void Translate_GaugeExemplars_NotCarried()
    {
        var gauge = new Gauge();
        var point = new NumberDataPoint { TimeUnixNano = T, AsDouble = 1 };
        point.Exemplars.Add(Ex(1));
        gauge.DataPoints.Add(point);
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(Request(new Metric { Name = "g", Gauge = gauge }), batch);

        Assert.Empty(ExemplarsBySeries(batch));
        Assert.Equal(0, result.ExemplarsWritten);
    }
}
