namespace Nines.Ingest.Pipeline;

/// <summary>A tenant's accepted ingest rates (items per second over the last minute) and its rejections since start.</summary>
public sealed record TenantIngestUsage(double SamplesPerSecond, double SpansPerSecond, double LogsPerSecond, IReadOnlyList<IngestRejections> Rejections);
