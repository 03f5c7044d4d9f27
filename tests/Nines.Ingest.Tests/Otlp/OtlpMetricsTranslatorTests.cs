using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Otlp;

public sealed class OtlpMetricsTranslatorTests
{
    private const ulong T = 1_700_000_000_123_456_789;
    private const long TMs = 1_700_000_000_123;

    private static OtlpMetricsTranslator CreateSut() => new();

    [Fact]
    public void Translate_ResourceIdentity_PromotesJobInstanceAndEmitsTargetInfo()
    {
        var request = Request(
            Resource(("service.name", "checkout"), ("service.namespace", "shop"), ("service.instance.id", "pod-1"), ("host.name", "h1")),
            Gauge("queue.depth", "", Point(3, ("queue", "orders"))));
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(request, batch);

        var series = Read(batch);
        Assert.Equal(3, series[LabelSet.FromStrings("__name__", "queue_depth", "job", "shop/checkout", "instance", "pod-1", "queue", "orders")]);
        Assert.Equal(1, series[LabelSet.FromStrings("__name__", "target_info", "job", "shop/checkout", "instance", "pod-1", "host_name", "h1")]);
        Assert.Equal(2, series.Count);
        Assert.Equal(1, result.DataPointsAccepted);
        Assert.Equal(0, result.DataPointsRejected);
        Assert.All(Enumerable.Range(0, batch.SeriesCount), i => Assert.Equal(TMs, batch.GetSamples(i)[0].TimestampMs));
    }

    [Fact]
    public void Translate_OnlyServiceIdentity_NoTargetInfoAndJobWithoutNamespace()
    {
        var request = Request(Resource(("service.name", "api")), Gauge("g", "", Point(1)));
        using var batch = new SeriesBatch();

        CreateSut().Translate(request, batch);

        Assert.Equal(LabelSet.FromStrings("__name__", "g", "job", "api"), Assert.Single(Read(batch)).Key);
    }

    [Fact]
    public void Translate_MonotonicCumulativeSum_CounterWithTotalAndUnit()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        sum.DataPoints.Add(IntPoint(42, ("http.method", "GET")));
        var request = Request(Resource(), new Metric { Name = "http.server.requests", Unit = "{request}", Sum = sum });
        using var batch = new SeriesBatch();

        CreateSut().Translate(request, batch);

        var (labels, value) = Assert.Single(Read(batch));
        Assert.Equal(LabelSet.FromStrings("__name__", "http_server_requests_total", "http_method", "GET"), labels);
        Assert.Equal(42, value);
    }

    [Fact]
    public void Translate_NonMonotonicSum_GaugeWithoutTotal()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = false };
        sum.DataPoints.Add(Point(-2));
        var request = Request(Resource(), new Metric { Name = "db.connections.active", Unit = "1", Sum = sum });
        using var batch = new SeriesBatch();

        CreateSut().Translate(request, batch);

        Assert.Equal("db_connections_active_ratio", Assert.Single(Read(batch)).Key.MetricName);
    }

    [Fact]
    public void Translate_DeltaSum_RejectedWithPrometheusMessage()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
        sum.DataPoints.Add(Point(1));
        sum.DataPoints.Add(Point(2));
        var request = Request(Resource(), new Metric { Name = "x", Sum = sum });
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(request, batch);

        Assert.Equal(2, result.DataPointsRejected);
        Assert.Equal("invalid temporality and type combination for metric \"x\"", result.ErrorMessage);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void Translate_Histogram_CumulativeBucketsWithLeSumAndCount()
    {
        var p = new HistogramDataPoint { TimeUnixNano = T, Count = 6, Sum = 20 };
        p.ExplicitBounds.Add([0.5, 5]);
        p.BucketCounts.Add([1, 2, 3]);
        p.Attributes.Add(Kv("route", "/a"));
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(p);
        var request = Request(Resource(("service.name", "api")), new Metric { Name = "http.server.request.duration", Unit = "s", Histogram = histogram });
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(request, batch);

        var series = Read(batch);
        const string n = "http_server_request_duration_seconds";
        Assert.Equal(1, series[LabelSet.FromStrings("__name__", n + "_bucket", "le", "0.5", "route", "/a", "job", "api")]);
        Assert.Equal(3, series[LabelSet.FromStrings("__name__", n + "_bucket", "le", "5", "route", "/a", "job", "api")]);
        Assert.Equal(6, series[LabelSet.FromStrings("__name__", n + "_bucket", "le", "+Inf", "route", "/a", "job", "api")]);
        Assert.Equal(20, series[LabelSet.FromStrings("__name__", n + "_sum", "route", "/a", "job", "api")]);
        Assert.Equal(6, series[LabelSet.FromStrings("__name__", n + "_count", "route", "/a", "job", "api")]);
        Assert.Equal(5, series.Count);
        Assert.Equal(1, result.DataPointsAccepted);
        Assert.Equal(5, result.SamplesWritten);
    }

    [Fact]
    public void Translate_HistogramWithoutSum_NoSumSeries()
    {
        var p = new HistogramDataPoint { TimeUnixNano = T, Count = 1 };
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(p);
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), new Metric { Name = "h", Histogram = histogram }), batch);

        var names = Read(batch).Keys.Select(l => l.MetricName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["h_bucket", "h_count"], names);
    }

    [Fact]
    public void Translate_Summary_QuantilesSumAndCount()
    {
        var p = new SummaryDataPoint { TimeUnixNano = T, Count = 10, Sum = 4.5 };
        p.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 0.3 });
        p.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 0.9 });
        var summary = new Summary();
        summary.DataPoints.Add(p);
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), new Metric { Name = "rpc.latency", Unit = "ms", Summary = summary }), batch);

        var series = Read(batch);
        Assert.Equal(0.3, series[LabelSet.FromStrings("__name__", "rpc_latency_milliseconds", "quantile", "0.5")]);
        Assert.Equal(0.9, series[LabelSet.FromStrings("__name__", "rpc_latency_milliseconds", "quantile", "0.99")]);
        Assert.Equal(4.5, series[LabelSet.FromStrings("__name__", "rpc_latency_milliseconds_sum")]);
        Assert.Equal(10, series[LabelSet.FromStrings("__name__", "rpc_latency_milliseconds_count")]);
    }

    [Fact]
    public void Translate_NoRecordedValueFlag_WritesStaleMarker()
    {
        var p = Point(5);
        p.Flags = (uint)DataPointFlags.NoRecordedValueMask;
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), Gauge("g", "", p)), batch);

        Assert.Equal(0x7ff0000000000002, BitConverter.DoubleToInt64Bits(batch.GetSamples(0)[0].Value));
    }

    [Fact]
    public void Translate_CollidingAttributeKeys_ValuesJoinedInOrdinalKeyOrder()
    {
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), Gauge("g", "", Point(1, ("a.b", "2"), ("a_b", "1")))), batch);

        // Ordinal key order: "a.b" (0x2E) sorts before "a_b" (0x5F).
        Assert.Equal("2;1", batch.GetLabels(0).Get("a_b"));
    }

    [Fact]
    public void Translate_NonStringAttributes_RenderedLikePdata()
    {
        var p = Point(1);
        p.Attributes.Add(new KeyValue { Key = "ok", Value = new AnyValue { BoolValue = true } });
        p.Attributes.Add(new KeyValue { Key = "code", Value = new AnyValue { IntValue = 404 } });
        p.Attributes.Add(new KeyValue { Key = "ratio", Value = new AnyValue { DoubleValue = 0.25 } });
        var array = new ArrayValue();
        array.Values.Add(new AnyValue { StringValue = "a" });
        array.Values.Add(new AnyValue { IntValue = 1 });
        p.Attributes.Add(new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = array } });
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), Gauge("g", "", p)), batch);

        var labels = batch.GetLabels(0);
        Assert.Equal("true", labels.Get("ok"));
        Assert.Equal("404", labels.Get("code"));
        Assert.Equal("0.25", labels.Get("ratio"));
        Assert.Equal("[\"a\",1]", labels.Get("list"));
    }

    [Fact]
    public void Translate_AttributeNamedLikeMetricName_MetricNameWins()
    {
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), Gauge("g", "", Point(1, ("__name__", "evil")))), batch);

        Assert.Equal("g", batch.GetLabels(0).MetricName);
    }

    [Fact]
    public void Translate_AttributeSanitisedToUnderscoresOnly_Dropped()
    {
        using var batch = new SeriesBatch();

        CreateSut().Translate(Request(Resource(), Gauge("g", "", Point(1, ("...", "x"), ("ok", "y")))), batch);

        Assert.Equal(LabelSet.FromStrings("__name__", "g", "ok", "y"), batch.GetLabels(0));
    }

    private static Dictionary<LabelSet, double> Read(SeriesBatch batch)
    {
        var d = new Dictionary<LabelSet, double>();
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            d.Add(batch.GetLabels(i), batch.GetSamples(i)[0].Value);
        }

        return d;
    }

    private static ExportMetricsServiceRequest Request(Resource resource, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "test" } };
        scope.Metrics.AddRange(metrics);
        var rm = new ResourceMetrics { Resource = resource };
        rm.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(rm);
        return request;
    }

    private static Resource Resource(params (string Key, string Value)[] attributes)
    {
        var r = new Resource();
        foreach (var (k, v) in attributes)
        {
            r.Attributes.Add(Kv(k, v));
        }

        return r;
    }

    private static Metric Gauge(string name, string unit, params NumberDataPoint[] points)
    {
        var g = new Gauge();
        g.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Gauge = g };
    }

    private static NumberDataPoint Point(double value, params (string Key, string Value)[] attributes)
    {
        var p = new NumberDataPoint { TimeUnixNano = T, AsDouble = value };
        foreach (var (k, v) in attributes)
        {
            p.Attributes.Add(Kv(k, v));
        }

        return p;
    }

    private static NumberDataPoint IntPoint(long value, params (string Key, string Value)[] attributes)
    {
        var p = Point(0, attributes);
        p.AsInt = value;
        return p;
    }

    private static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
