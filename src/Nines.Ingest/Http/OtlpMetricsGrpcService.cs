using Grpc.Core;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Metrics.Wal;

namespace Nines.Ingest.Http;

/// <summary>
/// OTLP/gRPC <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>, served on the
/// OTLP gRPC port (4317 by default). Auth and tenant rules are the HTTP ones: the bearer token in
/// the <c>authorization</c> metadata, or anonymous ingest with <c>x-scope-orgid</c>.
/// </summary>
internal sealed class OtlpMetricsGrpcService(OtlpMetricsWriter writer) : MetricsService.MetricsServiceBase
{
    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        try
        {
            return await writer.StoreAsync(request, IngestHttp.Tenant(context.GetHttpContext()), context.CancellationToken);
        }
        catch (WalBackPressureException)
        {
            // UNAVAILABLE is the code OTLP exporters retry (https://opentelemetry.io/docs/specs/otlp/#failures).
            throw new RpcException(new Status(StatusCode.Unavailable, "The metrics write-ahead log is behind; nothing from this request was stored. Retry with backoff."));
        }
        catch (Pipeline.LimitExceededException e)
        {
            // UNAVAILABLE rather than RESOURCE_EXHAUSTED: exporters retry the latter only when RetryInfo comes with it.
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }
}
