using Microsoft.AspNetCore.Http;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;

namespace Nines.Ingest.Http;

/// <summary><c>POST /v1/logs</c>: OTLP/HTTP logs into the events store (see <see cref="OtlpHttpEndpoint"/>, <see cref="OtlpEventsWriter"/>).</summary>
internal sealed class OtlpLogsEndpoint(OtlpHttpEndpoint http, OtlpEventsWriter writer)
{
    public Task HandleAsync(HttpContext context) =>
        http.HandleAsync<ExportLogsServiceRequest, ExportLogsServiceResponse>(context, ExportLogsServiceRequest.Parser, writer.StoreAsync);
}
