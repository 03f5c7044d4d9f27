using Google.Protobuf.Reflection;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Logs.V1;
using Nines.Ingest.Otlp.Proto.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Otlp.Proto.Trace.V1;

namespace Nines.Ingest.Tests.Otlp;

/// <summary>Pins field numbers of the hand-written OTLP protos to opentelemetry-proto, so an edit cannot silently break the wire format.</summary>
public sealed class OtlpProtoSchemaTests
{
    public static TheoryData<string, string, int> Fields => new()
    {
        { "AnyValue", "bytes_value", 7 },
        { "KeyValue", "value", 2 },
        { "InstrumentationScope", "dropped_attributes_count", 4 },
        { "Resource", "entity_refs", 3 },
        { "ResourceMetrics", "scope_metrics", 2 },
        { "Metric", "summary", 11 },
        { "Metric", "exponential_histogram", 10 },
        { "Metric", "metadata", 12 },
        { "Sum", "is_monotonic", 3 },
        { "NumberDataPoint", "attributes", 7 },
        { "NumberDataPoint", "as_int", 6 },
        { "NumberDataPoint", "flags", 8 },
        { "HistogramDataPoint", "attributes", 9 },
        { "HistogramDataPoint", "explicit_bounds", 7 },
        { "HistogramDataPoint", "max", 12 },
        { "ExponentialHistogramDataPoint", "zero_threshold", 14 },
        { "SummaryDataPoint", "quantile_values", 6 },
        { "Exemplar", "filtered_attributes", 7 },
        { "Span", "flags", 16 },
        { "Span", "status", 15 },
        { "Status", "code", 3 },
        { "LogRecord", "observed_time_unix_nano", 11 },
        { "LogRecord", "event_name", 12 },
        { "LogRecord", "body", 5 },
        { "ExportMetricsPartialSuccess", "rejected_data_points", 1 },
        { "ExportTracePartialSuccess", "rejected_spans", 1 },
        { "ExportLogsPartialSuccess", "rejected_log_records", 1 },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Descriptor_Field_HasUpstreamNumber(string message, string field, int number)
    {
        var descriptor = Find(message);

        Assert.Equal(number, descriptor.FindFieldByName(field).FieldNumber);
    }

    [Fact]
    public void CollectorServices_ServerStubsGenerated()
    {
        Assert.Equal("opentelemetry.proto.collector.metrics.v1.MetricsService", MetricsService.Descriptor.FullName);
        Assert.Equal("opentelemetry.proto.collector.trace.v1.TraceService", TraceService.Descriptor.FullName);
        Assert.Equal("opentelemetry.proto.collector.logs.v1.LogsService", LogsService.Descriptor.FullName);
        Assert.True(typeof(MetricsService.MetricsServiceBase).IsAbstract);
        Assert.True(typeof(TraceService.TraceServiceBase).IsAbstract);
        Assert.True(typeof(LogsService.LogsServiceBase).IsAbstract);
    }

    private static MessageDescriptor Find(string name)
    {
        FileDescriptor[] files =
        [
            CommonReflection.Descriptor, ResourceReflection.Descriptor, MetricsReflection.Descriptor,
            TraceReflection.Descriptor, LogsReflection.Descriptor, MetricsServiceReflection.Descriptor,
            TraceServiceReflection.Descriptor, LogsServiceReflection.Descriptor,
        ];
        foreach (var file in files)
        {
            foreach (var m in file.MessageTypes)
            {
                if (m.Name == name)
                {
                    return m;
                }
            }
        }

        throw new InvalidOperationException($"message {name} not found");
    }
}
