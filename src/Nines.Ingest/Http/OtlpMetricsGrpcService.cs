using Grpc.Core;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Metrics.Wal;

namespace Nines.Ingest.Http;

/// <summary>
/// OTLP/gRPC <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>, served on the
/// OTLP gRPC port (4317 by default). Auth and tenant rules are the HTTP ones: the bearer token in
/// the <c>authorization</c> metadata, or anonymous ingest with <c>x-scope-orgid</c>.
/// </summary>
internal sealed class OtlpMetricsGrpcService(OtlpMetricsWriter writer, IngestOptions options) : MetricsService.MetricsServiceBase
{
    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        try
        {
            return await writer.StoreAsync(request, IngestHttp.Tenant(context.GetHttpContext()), context.CancellationToken);
        }
        catch (WalBackPressureException)
        {
            throw OtlpGrpcErrors.Saturated("metrics", options.RetryAfterSeconds);
        }
        catch (Pipeline.LimitExceededException e)
        {
            throw OtlpGrpcErrors.Limited(e.Violation);
        }
    }
}
