namespace Nines.Ingest.Pipeline;

/// <summary>The <c>reason</c> label of <c>nines_pipeline_dropped_total</c>: why the pipeline did not store an item.</summary>
internal static class PipelineDropReason
{
    /// <summary>A span whose trace head sampling left out.</summary>
    public const string HeadSampling = "head_sampling";

    /// <summary>A span of a trace tail sampling decided not to keep (late spans of such traces included).</summary>
    public const string TailSampling = "tail_sampling";

    /// <summary>A kept trace that could not be queued for storage because the queue was full.</summary>
    public const string TailSamplingQueueFull = "tail_sampling_queue_full";

    /// <summary>A log record left out by its service's ratio.</summary>
    public const string LogSamplingRatio = "log_sampling_ratio";

    /// <summary>A log record over its service's per-second cap.</summary>
    public const string LogSamplingRate = "log_sampling_rate";
}
