using Grpc.Core;
using Nines.Events;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace Nines.Ingest.Http;

/// <summary>OTLP/gRPC <c>TraceService/Export</c> on the OTLP gRPC port; auth and tenant as for metrics.</summary>
internal sealed class OtlpTracesGrpcService(OtlpEventsWriter writer, IngestOptions options) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        try
        {
            return await writer.StoreAsync(request, IngestHttp.Tenant(context.GetHttpContext()), context.CancellationToken);
        }
        catch (EventsBackPressureException)
        {
            throw OtlpGrpcErrors.Saturated("spans", options.RetryAfterSeconds);
        }
        catch (Pipeline.LimitExceededException e)
        {
            throw OtlpGrpcErrors.Limited(e.Violation);
        }
    }
}
