using Grpc.Core;
using Nines.Events;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;

namespace Nines.Ingest.Http;

/// <summary>OTLP/gRPC <c>LogsService/Export</c> on the OTLP gRPC port; auth and tenant as for metrics.</summary>
internal sealed class OtlpLogsGrpcService(OtlpEventsWriter writer, IngestOptions options) : LogsService.LogsServiceBase
{
    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        try
        {
            return await writer.StoreAsync(request, IngestHttp.Tenant(context.GetHttpContext()), context.CancellationToken);
        }
        catch (EventsBackPressureException)
        {
            throw OtlpGrpcErrors.Saturated("logs", options.RetryAfterSeconds);
        }
        catch (Pipeline.LimitExceededException e)
        {
            throw OtlpGrpcErrors.Limited(e.Violation);
        }
    }
}
