using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Series;
using Nines.Metrics.Labels;
using Google.Protobuf.Collections;

namespace Nines.Ingest.Otlp;

/// <summary>
/// Maps OTLP metrics to Prometheus series the way Prometheus' OTLP receiver does
/// (storage/remote/otlptranslator/prometheusremotewrite): gauges and sums to one series, monotonic
/// cumulative sums with <c>_total</c>, histograms to <c>_bucket{le}</c>/<c>_sum</c>/<c>_count</c>,
/// summaries to <c>{quantile}</c>/<c>_sum</c>/<c>_count</c>; <c>service.namespace/service.name</c> to
/// <c>job</c>, <c>service.instance.id</c> to <c>instance</c>, other resource attributes to
/// <c>target_info</c>. Delta temporality is rejected (Prometheus' default). Exponential histograms
/// become native histograms (OtlpMetricsTranslator.ExponentialHistograms.cs). Exemplars of sums and histogram points become
/// Prometheus exemplars (see OtlpMetricsTranslator.Exemplars.cs). Not thread-safe; reuse one per worker.
/// </summary>
public sealed partial class OtlpMetricsTranslator
{
    private const string ServiceName = "service.name";
    private const string ServiceNamespace = "service.namespace";
    private const string ServiceInstanceId = "service.instance.id";

    // Prometheus' staleness marker (model/value.StaleNaN) for points flagged NO_RECORDED_VALUE.
    private static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private readonly List<KeyValue> _sorted = new(16);
    private readonly LabelSetBuilder _builder = new();

    /// <summary>Redacts label values (attributes and promoted resource attributes); null stores them as sent.</summary>
    internal Pipeline.Redaction.Redactor? Redactor { get; set; }

    /// <summary>Translates <paramref name="request"/> into <paramref name="batch"/> (cleared first).</summary>
    public OtlpMetricsResult Translate(ExportMetricsServiceRequest request, SeriesBatch batch)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        var result = new OtlpMetricsResult();
        foreach (var rm in request.ResourceMetrics)
        {
            var resource = rm.Resource ?? new Resource();
            var latest = long.MinValue;
            foreach (var sm in rm.ScopeMetrics)
            {
                foreach (var metric in sm.Metrics)
                {
                    latest = Math.Max(latest, TranslateMetric(metric, resource, batch, result));
                }
            }

            if (latest != long.MinValue)
            {
                AddTargetInfo(resource, latest, batch, result);
            }
        }

        return result;
    }

    /// <summary>Returns the latest timestamp (ms) written, or <see cref="long.MinValue"/>.</summary>
    private long TranslateMetric(Metric metric, Resource resource, SeriesBatch batch, OtlpMetricsResult result)
    {
        var latest = long.MinValue;
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
            {
                var name = OtlpNames.MetricName(metric.Name, metric.Unit, OtlpMetricKind.Gauge);
                foreach (var p in metric.Gauge.DataPoints)
                {
                    latest = Math.Max(latest, AddNumberPoint(name, p, resource, batch, result));
                }

                break;
            }

            case Metric.DataOneofCase.Sum:
            {
                var sum = metric.Sum;
                if (!IsCumulative(sum.AggregationTemporality, sum.DataPoints.Count, metric, result))
                {
                    break;
                }

                // A non-monotonic sum is a gauge in Prometheus (no _total).
                var kind = sum.IsMonotonic ? OtlpMetricKind.MonotonicCounter : OtlpMetricKind.Gauge;
                var name = OtlpNames.MetricName(metric.Name, metric.Unit, kind);
                foreach (var p in sum.DataPoints)
                {
                    latest = Math.Max(latest, AddNumberPoint(name, p, resource, batch, result, withExemplars: true));
                }

                break;
            }

            case Metric.DataOneofCase.Histogram:
            {
                var histogram = metric.Histogram;
                if (!IsCumulative(histogram.AggregationTemporality, histogram.DataPoints.Count, metric, result))
                {
                    break;
                }

                var name = OtlpNames.MetricName(metric.Name, metric.Unit, OtlpMetricKind.Histogram);
                foreach (var p in histogram.DataPoints)
                {
                    latest = Math.Max(latest, AddHistogramPoint(name, p, resource, batch, result));
                }

                break;
            }

            case Metric.DataOneofCase.Summary:
            {
                var name = OtlpNames.MetricName(metric.Name, metric.Unit, OtlpMetricKind.Summary);
                foreach (var p in metric.Summary.DataPoints)
                {
                    latest = Math.Max(latest, AddSummaryPoint(name, p, resource, batch, result));
                }

                break;
            }

            case Metric.DataOneofCase.ExponentialHistogram:
            {
                var histogram = metric.ExponentialHistogram;
                if (!IsCumulative(histogram.AggregationTemporality, histogram.DataPoints.Count, metric, result))
                {
                    break;
                }

                // One native-histogram series: no _bucket/_sum/_count suffixes.
                var name = OtlpNames.MetricName(metric.Name, metric.Unit, OtlpMetricKind.Histogram);
                foreach (var p in histogram.DataPoints)
                {
                    latest = Math.Max(latest, AddExponentialHistogramPoint(name, p, resource, batch, result));
                }

                break;
            }

            default:
                result.Reject(0, $"metric \"{metric.Name}\" has no data");
                break;
        }

        return latest;
    }

    // Delta temporality is refused as by Prometheus' receiver without its convert-delta option.
    private static bool IsCumulative(AggregationTemporality temporality, int points, Metric metric, OtlpMetricsResult result)
    {
        if (temporality == AggregationTemporality.Cumulative)
        {
            return true;
        }

        result.Reject(points, $"invalid temporality and type combination for metric \"{metric.Name}\"");
        return false;
    }

    private long AddNumberPoint(string name, NumberDataPoint p, Resource resource, SeriesBatch batch, OtlpMetricsResult result, bool withExemplars = false)
    {
        if (name.Length == 0)
        {
            result.Reject(1, "metric name is empty after translation");
            return long.MinValue;
        }

        var ts = ToMilliseconds(p.TimeUnixNano);
        var value = NoRecordedValue(p.Flags) ? StaleNaN
            : p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble;
        SetBaseLabels(p.Attributes, resource);
        if (withExemplars)
        {
            BeginExemplars(p.Exemplars);
            TakeExemplars(p.Exemplars, double.PositiveInfinity);
        }

        if (!Emit(name, null, null, ts, value, batch, result))
        {
            return long.MinValue;
        }

        result.DataPointsAccepted++;
        return ts;
    }

    private long AddHistogramPoint(string name, HistogramDataPoint p, Resource resource, SeriesBatch batch, OtlpMetricsResult result)
    {
        if (name.Length == 0)
        {
            result.Reject(1, "metric name is empty after translation");
            return long.MinValue;
        }

        var ts = ToMilliseconds(p.TimeUnixNano);
        var stale = NoRecordedValue(p.Flags);
        SetBaseLabels(p.Attributes, resource);
        var ok = true;
        if (p.HasSum)
        {
            ok &= Emit(name + "_sum", null, null, ts, stale ? StaleNaN : p.Sum, batch, result);
        }

        ok &= Emit(name + "_count", null, null, ts, stale ? StaleNaN : p.Count, batch, result);

        // OTLP bucket_counts are per bucket; Prometheus buckets are cumulative. The last OTLP bucket
        // (above the highest bound) is the +Inf bucket, whose cumulative count is the point's count.
        ulong cumulative = 0;
        var bucketName = name + "_bucket";
        BeginExemplars(p.Exemplars);
        for (var i = 0; i < p.ExplicitBounds.Count; i++)
        {
            if (i < p.BucketCounts.Count)
            {
                cumulative += p.BucketCounts[i];
            }

            TakeExemplars(p.Exemplars, p.ExplicitBounds[i]);
            ok &= Emit(bucketName, "le", PrometheusFloat.Format(p.ExplicitBounds[i]), ts, stale ? StaleNaN : cumulative, batch, result);
        }

        TakeExemplars(p.Exemplars, double.PositiveInfinity);
        ok &= Emit(bucketName, "le", "+Inf", ts, stale ? StaleNaN : p.Count, batch, result);
        if (!ok)
        {
            return long.MinValue;
        }

        result.DataPointsAccepted++;
        return ts;
    }

    private long AddSummaryPoint(string name, SummaryDataPoint p, Resource resource, SeriesBatch batch, OtlpMetricsResult result)
    {
        if (name.Length == 0)
        {
            result.Reject(1, "metric name is empty after translation");
            return long.MinValue;
        }

        var ts = ToMilliseconds(p.TimeUnixNano);
        var stale = NoRecordedValue(p.Flags);
        SetBaseLabels(p.Attributes, resource);
        var ok = Emit(name + "_sum", null, null, ts, stale ? StaleNaN : p.Sum, batch, result);
        ok &= Emit(name + "_count", null, null, ts, stale ? StaleNaN : p.Count, batch, result);
        foreach (var q in p.QuantileValues)
        {
            ok &= Emit(name, "quantile", PrometheusFloat.Format(q.Quantile), ts, stale ? StaleNaN : q.Value, batch, result);
        }

        if (!ok)
        {
            return long.MinValue;
        }

        result.DataPointsAccepted++;
        return ts;
    }

    /// <summary>
    /// <c>target_info</c> carries the resource attributes that are not promoted to job/instance
    /// (OTel compatibility spec, "Resource Attributes"); emitted once per resource at its latest point.
    /// </summary>
    private void AddTargetInfo(Resource resource, long timestampMs, SeriesBatch batch, OtlpMetricsResult result)
    {
        var hasOther = false;
        foreach (var kv in resource.Attributes)
        {
            if (kv.Key is not (ServiceName or ServiceNamespace or ServiceInstanceId))
            {
                hasOther = true;
                break;
            }
        }

        if (!hasOther)
        {
            return;
        }

        _labels.Clear();
        AddAttributes(resource.Attributes, skipServiceIdentity: true);
        AddJobAndInstance(resource);
        Emit("target_info", null, null, timestampMs, 1, batch, result);
    }

    private void SetBaseLabels(RepeatedField<KeyValue> attributes, Resource resource)
    {
        _labels.Clear();
        AddAttributes(attributes, skipServiceIdentity: false);
        AddJobAndInstance(resource);
    }

    // Attributes are sorted by key first so keys that collide after sanitising merge
    // deterministically, values joined with ";" (otlptranslator createAttributes).
    private void AddAttributes(RepeatedField<KeyValue> attributes, bool skipServiceIdentity)
    {
        _sorted.Clear();
        foreach (var kv in attributes)
        {
            if (kv.Key.Length == 0 || (skipServiceIdentity && kv.Key is ServiceName or ServiceNamespace or ServiceInstanceId))
            {
                continue;
            }

            _sorted.Add(kv);
        }

        _sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var kv in _sorted)
        {
            var name = OtlpNames.LabelName(kv.Key);
            if (name.AsSpan().TrimStart('_').IsEmpty)
            {
                // Newer otlptranslator errors on names that sanitise to underscores only; here the
                // attribute is dropped instead of the whole point.
                continue;
            }

            var value = OtlpAttributeValue.AsString(kv.Value);
            _labels[name] = _labels.TryGetValue(name, out var existing) ? existing + ";" + value : value;
        }
    }

    private void AddJobAndInstance(Resource resource)
    {
        string? serviceName = null, serviceNamespace = null, instance = null;
        foreach (var kv in resource.Attributes)
        {
            switch (kv.Key)
            {
                case ServiceName: serviceName = OtlpAttributeValue.AsString(kv.Value); break;
                case ServiceNamespace: serviceNamespace = OtlpAttributeValue.AsString(kv.Value); break;
                case ServiceInstanceId: instance = OtlpAttributeValue.AsString(kv.Value); break;
                default: break;
            }
        }

        if (serviceName is not null)
        {
            _labels["job"] = serviceNamespace is null ? serviceName : serviceNamespace + "/" + serviceName;
        }

        if (instance is not null)
        {
            _labels["instance"] = instance;
        }
    }

    private bool Emit(string name, string? extraName, string? extraValue, long timestampMs, double value, SeriesBatch batch, OtlpMetricsResult result)
    {
        if (BuildLabels(name, extraName, extraValue, result) is not { } labels)
        {
            return false;
        }

        batch.AddSample(timestampMs, value);
        FlushExemplars(batch, result);
        batch.CommitSeries(labels);
        result.SamplesWritten++;
        return true;
    }

    /// <summary>The labels of the series <paramref name="name"/> from the current attributes, or null (counted as rejected) when they cannot be built.</summary>
    private LabelSet? BuildLabels(string name, string? extraName, string? extraValue, OtlpMetricsResult result)
    {
        _builder.Clear();
        foreach (var (k, v) in _labels)
        {
            // The metric name and the le/quantile label always win over attributes of the same name.
            if (k == LabelSet.MetricNameLabel || (extraName is not null && k == extraName))
            {
                continue;
            }

            _builder.Add(k, Redactor is null ? v : Redactor.RedactLabel(k, v));
        }

        _builder.Add(LabelSet.MetricNameLabel, name);
        if (extraName is not null)
        {
            _builder.Add(extraName, extraValue!);
        }

        try
        {
            return _builder.Build();
        }
        catch (ArgumentException ex)
        {
            // Only reachable for label names the sanitiser cannot repair (none known); reported, not thrown.
            result.Reject(1, $"metric \"{name}\": {ex.Message}");
            return null;
        }
    }

    private static bool NoRecordedValue(uint flags) => (flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;

    private static long ToMilliseconds(ulong unixNano) => (long)(unixNano / 1_000_000);
}
