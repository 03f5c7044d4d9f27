using System.Collections.Frozen;
using System.Globalization;

namespace Nines.Core.Limits;

/// <summary>
/// A tenant's ingest limits, each by its snake_case key (the same key in <c>nines.yaml</c>'s
/// <c>limits</c> section, in the limits API and in every rejection message, so an operator who
/// reads "limit samples_per_second (1000) exceeded" knows what to raise). 0 means unlimited.
/// Effective limits are the configured defaults with the tenant's stored overrides on top.
/// </summary>
public sealed class TenantLimits
{
    /// <summary>Series in the tenant's head at once; a new series beyond it is refused (429).</summary>
    public const string MaxActiveSeries = "max_active_series";

    /// <summary>Series of one metric name at once; a new series beyond it is refused (429).</summary>
    public const string MaxSeriesPerMetric = "max_series_per_metric";

    /// <summary>Labels on one series, <c>__name__</c> included; a longer series is refused (400).</summary>
    public const string MaxLabelNamesPerSeries = "max_label_names_per_series";

    /// <summary>Characters in a label name; a series with a longer one is refused (400).</summary>
    public const string MaxLabelNameLength = "max_label_name_length";

    /// <summary>Characters in a label value; a series with a longer one is refused (400).</summary>
    public const string MaxLabelValueLength = "max_label_value_length";

    /// <summary>Sustained samples per second (metrics); beyond it and the burst, requests get 429.</summary>
    public const string SamplesPerSecond = "samples_per_second";

    /// <summary>Samples a tenant may send at once above the sustained rate (token bucket size).</summary>
    public const string SamplesBurst = "samples_burst";

    /// <summary>Sustained spans per second; beyond it (with a burst of one second's worth) requests get 429.</summary>
    public const string SpansPerSecond = "spans_per_second";

    /// <summary>Sustained log records per second; beyond it (with a burst of one second's worth) requests get 429.</summary>
    public const string LogsPerSecond = "logs_per_second";

    private static readonly FrozenDictionary<string, (long Default, string Description)> Known = new Dictionary<string, (long, string)>(StringComparer.Ordinal)
    {
        [MaxActiveSeries] = (5_000_000, "Series in the tenant's metrics head at once; samples of a new series beyond it are refused with 429."),
        [MaxSeriesPerMetric] = (1_000_000, "Series of one metric name at once; samples of a new series beyond it are refused with 429."),
        [MaxLabelNamesPerSeries] = (40, "Labels on one series, __name__ included; a series with more is refused with 400."),
        [MaxLabelNameLength] = (1024, "Characters in a label name; a series with a longer one is refused with 400."),
        [MaxLabelValueLength] = (4096, "Characters in a label value; a series with a longer one is refused with 400."),
        [SamplesPerSecond] = (0, "Sustained metric samples per second; above it and the burst, requests get 429 with Retry-After. 0: unlimited."),
        [SamplesBurst] = (0, "Samples accepted at once above the sustained rate. 0: ten seconds' worth of samples_per_second."),
        [SpansPerSecond] = (0, "Sustained spans per second (one second's worth may come at once); above it, 429. 0: unlimited."),
        [LogsPerSecond] = (0, "Sustained log records per second (one second's worth may come at once); above it, 429. 0: unlimited."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, long> _values;

    private TenantLimits(FrozenDictionary<string, long> values) => _values = values;

    /// <summary>Every limit with Nines' built-in default.</summary>
    public static TenantLimits Defaults { get; } = new(Known.ToFrozenDictionary(p => p.Key, p => p.Value.Default, StringComparer.Ordinal));

    /// <summary>The known keys, sorted.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. Known.Keys.Order(StringComparer.Ordinal)];

    /// <summary>What a limit does, for the configuration reference, the API and the UI.</summary>
    public static string Describe(string key) => Known.TryGetValue(key, out var known) ? known.Description : "";

    /// <summary>Whether <paramref name="key"/> names a limit.</summary>
    public static bool IsKnown(string key) => Known.ContainsKey(key);

    /// <summary>The value of a limit; 0 means unlimited.</summary>
    /// <exception cref="ArgumentException">No limit has that key.</exception>
    public long this[string key] => _values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"'{key}' is not a limit; known: {string.Join(", ", Keys)}", nameof(key));

    /// <summary>These limits with <paramref name="overrides"/> on top.</summary>
    /// <exception cref="ArgumentException">An override names an unknown limit or is negative.</exception>
    public TenantLimits With(IReadOnlyDictionary<string, long> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.Count == 0)
        {
            return this;
        }

        var error = Validate(overrides);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(overrides));
        }

        var values = new Dictionary<string, long>(_values, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return new TenantLimits(values.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>A message naming the first unknown key or negative value, or null when all are valid.</summary>
    public static string? Validate(IReadOnlyDictionary<string, long> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (key, value) in overrides)
        {
            if (!Known.ContainsKey(key))
            {
                return $"'{key}' is not a limit; known limits: {string.Join(", ", Keys)}";
            }

            if (value < 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"limit '{key}' must be 0 (unlimited) or positive, not {value}");
            }
        }

        return null;
    }
}
