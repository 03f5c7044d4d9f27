using System.ComponentModel;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Configuration;

/// <summary>Section <c>pipeline.log_sampling</c>.</summary>
public sealed class LogSamplingSection
{
    /// <summary>Severity from which every record is kept.</summary>
    [Description("OTLP severity number from which every record is kept (13 = WARN, 9 = INFO, 5 = DEBUG, 17 = ERROR); Loki levels map to the same numbers.")]
    public int KeepAllFromSeverity { get; set; } = 13;

    /// <summary>Ratio below that severity for services not listed.</summary>
    [Description("Share (0 to 1) of records below keep_all_from_severity kept, for services not listed in services.")]
    public double DefaultRatio { get; set; } = 1.0;

    /// <summary>Per-second cap for services not listed.</summary>
    [Description("Most records below keep_all_from_severity kept per second and service, after the ratio, for services not listed. 0: no cap.")]
    public int DefaultMaxPerSecond { get; set; }

    /// <summary>Per-service rules.</summary>
    [Description("A mapping of service name to `{ratio: 0.1, max_per_second: 500}` for records below keep_all_from_severity. Set in the file only.")]
    [ConfigCustom]
    public Dictionary<string, LogSamplingRule> Services { get; set; } = new(StringComparer.Ordinal);
}
