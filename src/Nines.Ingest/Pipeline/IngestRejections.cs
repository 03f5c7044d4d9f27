namespace Nines.Ingest.Pipeline;

/// <summary>Items of one signal (samples, spans, logs) refused for one reason (a limit's key, or invalid) since start.</summary>
public sealed record IngestRejections(string Signal, string Reason, long Count);
