using System.Text;
using Nines.Events;
using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// One request's pass through the pipeline's sampling: the translators add spans and log records
/// here instead of straight to the batch, and this keeps, holds (tail sampling) or drops them and
/// counts the drops. Belongs to one worker; not thread-safe; <see cref="Reset"/> between requests.
/// </summary>
internal sealed class PipelineScope(IngestPipeline pipeline)
{
    private SamplingPolicy _policy = pipeline.Default;
    private long _headDropped;
    private long _logDroppedRatio;
    private long _logDroppedRate;

    public Redactor Redactor => pipeline.Redactor;

    /// <summary>Starts a request of <paramref name="tenant"/>: its spans and records go through the tenant's sampling.</summary>
    public void Begin(string tenant) => _policy = pipeline.PolicyFor(tenant);

    /// <summary>Spans held for tail sampling in this request (already past head sampling).</summary>
    public List<SpanRecord> Held { get; } = [];

    public void AddSpan(EventBatch batch, in SpanEntry span)
    {
        var head = _policy.Head;
        if (!head.KeepsAll && !head.ShouldSample(span.Service, Hex(span.TraceId, stackalloc char[32])))
        {
            _headDropped++;
            return;
        }

        if (_policy.TailEnabled)
        {
            Held.Add(ToRecord(span));
            return;
        }

        batch.AddSpan(span);
    }

    public void AddLog(EventBatch batch, in LogEntry log)
    {
        var logs = _policy.Logs;
        if (!logs.KeepsAll)
        {
            switch (logs.Decide(log.Service, log.SeverityNumber, Hex(log.TraceId, stackalloc char[32])))
            {
                case LogDecision.DroppedRatio:
                    _logDroppedRatio++;
                    return;
                case LogDecision.DroppedRate:
                    _logDroppedRate++;
                    return;
            }
        }

        batch.AddLog(log);
    }

    /// <summary>Counts this request's drops for <paramref name="tenant"/> and passes held spans to tail sampling.</summary>
    public void Complete(string tenant)
    {
        pipeline.CountDropped(tenant, IngestSignal.Spans, PipelineDropReason.HeadSampling, _headDropped);
        pipeline.CountDropped(tenant, IngestSignal.Logs, PipelineDropReason.LogSamplingRatio, _logDroppedRatio);
        pipeline.CountDropped(tenant, IngestSignal.Logs, PipelineDropReason.LogSamplingRate, _logDroppedRate);
        if (Held.Count > 0)
        {
            pipeline.Hold(tenant, Held);
        }
    }

    public void Reset()
    {
        _headDropped = 0;
        _logDroppedRatio = 0;
        _logDroppedRate = 0;
        Held.Clear();
    }

    /// <summary>A held span back as a batch entry, once its trace is kept.</summary>
    public static void AddRecord(EventBatch batch, SpanRecord span)
    {
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        Span<byte> parentId = stackalloc byte[8];
        Convert.FromHexString(span.TraceId, traceId, out _, out _);
        Convert.FromHexString(span.SpanId, spanId, out _, out _);
        var hasParent = span.ParentSpanId is { Length: 16 } && Convert.FromHexString(span.ParentSpanId, parentId, out _, out _) == System.Buffers.OperationStatus.Done;
        batch.AddSpan(new SpanEntry
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = hasParent ? parentId : default,
            Service = span.Service,
            Name = span.Name,
            Kind = span.Kind,
            StartUnixNano = span.StartUnixNano,
            EndUnixNano = span.EndUnixNano,
            StatusCode = span.StatusCode,
            StatusMessage = span.StatusMessage,
            Scope = span.Scope,
            TraceState = span.TraceState,
            AttributesJson = Utf8(span.Attributes),
            ResourceJson = Utf8(span.Resource),
            EventsJson = Utf8(span.Events),
            LinksJson = Utf8(span.Links),
        });
    }

    private static SpanRecord ToRecord(in SpanEntry span) => new(
        Convert.ToHexStringLower(span.TraceId),
        Convert.ToHexStringLower(span.SpanId),
        span.ParentSpanId.Length == 8 ? Convert.ToHexStringLower(span.ParentSpanId) : null,
        span.Service,
        span.Name,
        span.Kind,
        span.StartUnixNano,
        span.EndUnixNano,
        span.StatusCode,
        span.StatusMessage,
        span.Scope,
        span.TraceState,
        Text(span.AttributesJson),
        Text(span.ResourceJson),
        Text(span.EventsJson),
        Text(span.LinksJson));

    private static string? Text(ReadOnlySpan<byte> json) => json.IsEmpty ? null : Encoding.UTF8.GetString(json);

    private static byte[] Utf8(string? json) => json is null ? [] : Encoding.UTF8.GetBytes(json);

    // Lowercase hex into the caller's stack buffer; empty for an absent id (sampling then keeps the item).
    private static ReadOnlySpan<char> Hex(ReadOnlySpan<byte> id, Span<char> buffer) =>
        id.Length == 16 && Convert.TryToHexStringLower(id, buffer, out var written) ? buffer[..written] : default;
}
