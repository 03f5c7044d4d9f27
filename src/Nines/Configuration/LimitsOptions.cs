using System.ComponentModel;
using Nines.Core.Limits;

namespace Nines.Configuration;

/// <summary>
/// Section <c>limits</c>: every tenant's default ingest limits. A tenant's own overrides are set
/// through <c>PUT /api/nines/v1/limits</c> (or the Limits page) and stored in the control-plane
/// store. The keys are those of <see cref="TenantLimits"/>; 0 means unlimited.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary><see cref="TenantLimits.MaxActiveSeries"/>.</summary>
    [Description("Series in a tenant's metrics head at once; samples of a new series beyond it are refused with 429. 0: unlimited.")]
    public long MaxActiveSeries { get; set; } = TenantLimits.Defaults[TenantLimits.MaxActiveSeries];

    /// <summary><see cref="TenantLimits.MaxSeriesPerMetric"/>.</summary>
    [Description("Series of one metric name at once; samples of a new series beyond it are refused with 429. 0: unlimited.")]
    public long MaxSeriesPerMetric { get; set; } = TenantLimits.Defaults[TenantLimits.MaxSeriesPerMetric];

    /// <summary><see cref="TenantLimits.MaxLabelNamesPerSeries"/>.</summary>
    [Description("Labels on one series, __name__ included; a series with more is refused with 400. 0: unlimited.")]
    public long MaxLabelNamesPerSeries { get; set; } = TenantLimits.Defaults[TenantLimits.MaxLabelNamesPerSeries];

    /// <summary><see cref="TenantLimits.MaxLabelNameLength"/>.</summary>
    [Description("Characters in a label name; a series with a longer one is refused with 400. 0: unlimited.")]
    public long MaxLabelNameLength { get; set; } = TenantLimits.Defaults[TenantLimits.MaxLabelNameLength];

    /// <summary><see cref="TenantLimits.MaxLabelValueLength"/>.</summary>
    [Description("Characters in a label value; a series with a longer one is refused with 400. 0: unlimited.")]
    public long MaxLabelValueLength { get; set; } = TenantLimits.Defaults[TenantLimits.MaxLabelValueLength];

    /// <summary><see cref="TenantLimits.SamplesPerSecond"/>.</summary>
    [Description("Sustained metric samples per second per tenant; above it and the burst, requests get 429 with Retry-After. 0: unlimited.")]
    public long SamplesPerSecond { get; set; } = TenantLimits.Defaults[TenantLimits.SamplesPerSecond];

    /// <summary><see cref="TenantLimits.SamplesBurst"/>.</summary>
    [Description("Samples accepted at once above the sustained rate. 0: ten seconds' worth of samples_per_second.")]
    public long SamplesBurst { get; set; } = TenantLimits.Defaults[TenantLimits.SamplesBurst];

    /// <summary><see cref="TenantLimits.SpansPerSecond"/>.</summary>
    [Description("Sustained spans per second per tenant (one second's worth may come at once); above it, 429. 0: unlimited.")]
    public long SpansPerSecond { get; set; } = TenantLimits.Defaults[TenantLimits.SpansPerSecond];

    /// <summary><see cref="TenantLimits.LogsPerSecond"/>.</summary>
    [Description("Sustained log records per second per tenant (one second's worth may come at once); above it, 429. 0: unlimited.")]
    public long LogsPerSecond { get; set; } = TenantLimits.Defaults[TenantLimits.LogsPerSecond];

    /// <summary>These options as limits.</summary>
    public TenantLimits ToLimits() => TenantLimits.Defaults.With(new Dictionary<string, long>(StringComparer.Ordinal)
    {
        [TenantLimits.MaxActiveSeries] = MaxActiveSeries,
        [TenantLimits.MaxSeriesPerMetric] = MaxSeriesPerMetric,
        [TenantLimits.MaxLabelNamesPerSeries] = MaxLabelNamesPerSeries,
        [TenantLimits.MaxLabelNameLength] = MaxLabelNameLength,
        [TenantLimits.MaxLabelValueLength] = MaxLabelValueLength,
        [TenantLimits.SamplesPerSecond] = SamplesPerSecond,
        [TenantLimits.SamplesBurst] = SamplesBurst,
        [TenantLimits.SpansPerSecond] = SpansPerSecond,
        [TenantLimits.LogsPerSecond] = LogsPerSecond,
    });
}
