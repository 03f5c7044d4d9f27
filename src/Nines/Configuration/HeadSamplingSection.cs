using System.ComponentModel;

namespace Nines.Configuration;

/// <summary>Section <c>pipeline.head_sampling</c>.</summary>
public sealed class HeadSamplingSection
{
    /// <summary>Share of traces kept for services not listed.</summary>
    [Description("Share of traces stored (0 to 1) for services not listed in services; 1 stores every span.")]
    public double DefaultProbability { get; set; } = 1.0;

    /// <summary>Share of traces kept per service.</summary>
    [Description("A mapping of service name to the share of its traces stored (0 to 1), like `{checkout: 0.25}`. Set in the file only.")]
    [ConfigCustom]
    public Dictionary<string, double> Services { get; set; } = new(StringComparer.Ordinal);
}
