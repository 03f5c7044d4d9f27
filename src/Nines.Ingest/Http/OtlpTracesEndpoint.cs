using Microsoft.AspNetCore.Http;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace Nines.Ingest.Http;

/// <summary><c>POST /v1/traces</c>: OTLP/HTTP traces into the events store (see <see cref="OtlpHttpEndpoint"/>, <see cref="OtlpEventsWriter"/>).</summary>
internal sealed class OtlpTracesEndpoint(OtlpHttpEndpoint http, OtlpEventsWriter writer)
{
    public Task HandleAsync(HttpContext context) =>
        http.HandleAsync<ExportTraceServiceRequest, ExportTraceServiceResponse>(context, ExportTraceServiceRequest.Parser, writer.StoreAsync);
}
