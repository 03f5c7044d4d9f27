using Microsoft.AspNetCore.Http;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;

namespace Nines.Ingest.Http;

/// <summary>
/// <c>POST /v1/metrics</c>: OTLP/HTTP metrics (protobuf or JSON, optionally gzip; see
/// <see cref="OtlpHttpEndpoint"/>). Data points are mapped to Prometheus series (see
/// <see cref="OtlpMetricsWriter"/>) and stored in the tenant's metrics WAL before the 200 answer,
/// whose <c>partial_success</c> says how many points were rejected and why.
/// </summary>
internal sealed class OtlpMetricsEndpoint(OtlpHttpEndpoint http, OtlpMetricsWriter writer)
{
    public Task HandleAsync(HttpContext context) =>
        http.HandleAsync(context, ExportMetricsServiceRequest.Parser, writer.StoreAsync);
}
