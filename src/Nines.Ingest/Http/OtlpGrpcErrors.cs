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
    public static RpcException Saturated(string what, int retryAfterSeconds)
    {
        var message = $"The {what} store is saturated; nothing from this request was stored. Retry with backoff.";
        var status = new Nines.Ingest.Otlp.Proto.Rpc.Status { Code = (int)StatusCode.Unavailable, Message = message };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(retryAfterSeconds)) }));
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, message), trailers);
    }
}
