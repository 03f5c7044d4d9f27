namespace Nines.Ingest.Otlp;

/// <summary>What translating one OTLP traces or logs export produced: how many items were refused and the first reason.</summary>
internal readonly record struct OtlpEventsResult(long Rejected, string? ErrorMessage);
