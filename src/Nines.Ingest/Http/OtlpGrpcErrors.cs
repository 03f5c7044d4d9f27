using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nines.Ingest.Otlp.Proto.Rpc;

namespace Nines.Ingest.Http;

/// <summary>gRPC failures as OTLP exporters understand them.</summary>
internal static class OtlpGrpcErrors
{
    /// <summary>
    /// UNAVAILABLE, which exporters retry, with a <c>RetryInfo</c> in the rich-error trailer so they
    /// wait at least the delay (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc-throttling).
    /// </summary>
    public static RpcException Saturated(string what, int retryAfterSeconds) =>
        WithRetryInfo(StatusCode.Unavailable, $"The {what} store is saturated; nothing from this request was stored. Retry with backoff.", TimeSpan.FromSeconds(retryAfterSeconds));

    /// <summary>
    /// RESOURCE_EXHAUSTED with <c>RetryInfo</c>: the tenant is over a rate limit. Exporters retry it
    /// only because RetryInfo is present (https://opentelemetry.io/docs/specs/otlp/#failures).
    /// </summary>
    public static RpcException Limited(Pipeline.LimitViolation violation) =>
        WithRetryInfo(StatusCode.ResourceExhausted, violation.Message, violation.RetryAfter);

    private static RpcException WithRetryInfo(StatusCode code, string message, TimeSpan retryAfter)
    {
        var status = new Nines.Ingest.Otlp.Proto.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Grpc.Core.Status(code, message), trailers);
    }
}
