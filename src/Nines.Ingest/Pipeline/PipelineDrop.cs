namespace Nines.Ingest.Pipeline;

/// <summary>Items the pipeline did not store, for one tenant, signal and reason, since start.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Signal"><c>spans</c> or <c>logs</c>.</param>
/// <param name="Reason">One of <see cref="PipelineDropReason"/>'s values.</param>
/// <param name="Count">Items dropped.</param>
public sealed record PipelineDrop(string Tenant, string Signal, string Reason, long Count);
