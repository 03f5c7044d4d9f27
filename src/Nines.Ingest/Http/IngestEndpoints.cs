using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nines.Core.Security;

namespace Nines.Ingest.Http;

/// <summary>The ingest module's public surface: its services and its HTTP endpoints.</summary>
public static class IngestEndpoints
{
    /// <summary>Registers the decoders' pools and the pipeline (redaction and sampling, see docs/pipeline.md).</summary>
    public static IServiceCollection AddNinesIngest(this IServiceCollection services, IngestOptions? options = null, Pipeline.IngestPipelineOptions? pipeline = null)
    {
        services.AddSingleton(options ?? new IngestOptions());
        services.AddSingleton(sp => new Pipeline.IngestPipeline(pipeline ?? new Pipeline.IngestPipelineOptions(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Pipeline.IIngestPipelineStatus>(sp => sp.GetRequiredService<Pipeline.IngestPipeline>());
        services.AddSingleton<Pipeline.PipelineMetrics>();
        services.AddSingleton<Pipeline.TailSamplingWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Pipeline.TailSamplingWriter>());
        services.AddSingleton<RemoteWriteEndpoint>();
        services.AddSingleton<OtlpMetricsEndpoint>();
        services.AddSingleton<OtlpMetricsWriter>();
        services.AddSingleton<Pipeline.IngestUsage>();
        services.AddSingleton<Pipeline.IngestMetrics>();
        services.AddSingleton<Pipeline.IngestLimiter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OtlpHttpEndpoint>();
        services.AddSingleton<OtlpEventsWriter>();
        services.AddSingleton<OtlpTracesEndpoint>();
        services.AddSingleton<OtlpLogsEndpoint>();
        services.AddSingleton<Zipkin.ZipkinEndpoint>();
        services.AddSingleton<Loki.LokiPushEndpoint>();
        services.AddGrpc(o => o.MaxReceiveMessageSize = (options ?? new IngestOptions()).MaxDecompressedBytes);
        return services;
    }

    /// <summary>
    /// Maps Prometheus remote write at <c>/api/v1/write</c> (1.0 and 2.0), OTLP/HTTP at <c>/v1/metrics</c>,
    /// <c>/v1/traces</c>, <c>/v1/logs</c>, the OTLP/gRPC services, Zipkin at <c>/api/v2/spans</c> and
    /// Loki push at <c>/loki/api/v1/push</c>. Traces and logs need the
    /// <see cref="Nines.Events.EventStore"/> registered (<c>AddNinesEvents</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapNinesIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/write", (HttpContext context, RemoteWriteEndpoint handler) => handler.HandleAsync(context))
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery()
            .WithTags("Ingest")
            .WithSummary("Prometheus remote write 1.0 and 2.0 (snappy-compressed protobuf)");
        endpoints.MapPost("/v1/metrics", (HttpContext context, OtlpMetricsEndpoint handler) => handler.HandleAsync(context))
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery()
            .WithTags("Ingest")
            .WithSummary("OTLP/HTTP metrics (protobuf or JSON, optionally gzip)");
        endpoints.MapPost("/v1/traces", (HttpContext context, OtlpTracesEndpoint handler) => handler.HandleAsync(context))
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery()
            .WithTags("Ingest")
            .WithSummary("OTLP/HTTP traces (protobuf or JSON, optionally gzip)");
        endpoints.MapPost("/v1/logs", (HttpContext context, OtlpLogsEndpoint handler) => handler.HandleAsync(context))
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery()
            .WithTags("Ingest")
            .WithSummary("OTLP/HTTP logs (protobuf or JSON, optionally gzip)");
        endpoints.MapPost("/api/v2/spans", (HttpContext context, Zipkin.ZipkinEndpoint handler) => handler.HandleAsync(context))
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery()
            .WithTags("Ingest")
            .WithSummary("Zipkin v2 spans (JSON, optionally gzip)");
        endpoints.MapPost("/loki/api/v1/push", (HttpContext context, Loki.LokiPushEndpoint handler) => handler.HandleAsync(context))
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery()
            .WithTags("Ingest")
            .WithSummary("Loki push (snappy protobuf or JSON)");
        endpoints.MapGrpcService<OtlpMetricsGrpcService>()
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery();
        endpoints.MapGrpcService<OtlpTracesGrpcService>()
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery();
        endpoints.MapGrpcService<OtlpLogsGrpcService>()
            .RequireAuthorization(NinesPolicies.Ingest)
            .DisableAntiforgery();
        return endpoints;
    }
}
