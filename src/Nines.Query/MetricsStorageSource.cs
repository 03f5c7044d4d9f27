using System.Globalization;
using Nines.Metrics.Downsampling;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;

namespace Nines.Query;

/// <summary>
/// Reads one tenant's <see cref="MetricsStorage"/> (its <c>Select</c> read seam), and picks a
/// downsampled resolution for a selection as Thanos Query's auto downsampling does: the coarsest
/// resolution not above the maximum source resolution (by default the step ÷ 5, so every step
/// spans at least five windows) that also fits the selection — a range function's range spans at
/// least five windows, an instant selector's lookback at least one — and has data in the range.
/// The function picks the aggregate (rate/increase/resets: counter; min/max/sum/count/avg_over_time:
/// min/max/sum/count/average; an instant selector: average); any other function reads raw samples.
/// </summary>
public sealed class MetricsStorageSource : ISeriesSource
{
    private readonly MetricsStorage _storage;
    private readonly long? _maxSourceResolution;

    /// <param name="storage">The tenant's storage.</param>
    /// <param name="maxSourceResolution">Coarsest resolution to read in milliseconds (<see cref="Resolutions"/>; 0 reads raw samples only); null picks from the step (auto).</param>
    public MetricsStorageSource(MetricsStorage storage, long? maxSourceResolution = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _maxSourceResolution = maxSourceResolution;
    }

    /// <inheritdoc />
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt) =>
        _storage.Select(matchers, mint, maxt);

    /// <inheritdoc />
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt, SelectHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        if (AggregateFor(hints) is not { } aggregate || Choose(hints, mint, maxt) is not { } resolution)
        {
            return _storage.Select(matchers, mint, maxt);
        }

        hints.Aggregate = aggregate;
        hints.Resolution = resolution;
        var until = _storage.DownsampledRange(Resolutions.FiveMinutes)?.MaxTime ?? _storage.DownsampledRange(resolution)!.Value.MaxTime;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(until, maxt)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var mode = _maxSourceResolution is { } max ? "max_source_resolution=" + Resolutions.Name(max) : "max_source_resolution=auto, step " + Durations(hints.StepMs);
        hints.Info = $"used {Resolutions.Name(resolution)} downsampled data ({aggregate.ToString().ToLowerInvariant()} aggregate) for {hints.Function ?? "instant selectors"} before {at} ({mode}); max_source_resolution=raw reads raw samples";
        return _storage.SelectDownsampled(matchers, mint, maxt, resolution, aggregate);
    }

    /// <summary>The aggregate that answers <paramref name="hints"/>' function exactly or within the documented tolerance, if any.</summary>
    internal static DownsampleAggregate? AggregateFor(SelectHints hints) => hints.Function switch
    {
        null => hints.RangeMs == 0 ? DownsampleAggregate.Average : null,
        "rate" or "increase" or "resets" => DownsampleAggregate.Counter,
        "min_over_time" => DownsampleAggregate.Min,
        "max_over_time" => DownsampleAggregate.Max,
        "sum_over_time" => DownsampleAggregate.Sum,
        "count_over_time" => DownsampleAggregate.Count,
        "avg_over_time" => DownsampleAggregate.Average,
        _ => null,
    };

    private long? Choose(SelectHints hints, long mint, long maxt)
    {
        var max = _maxSourceResolution ?? hints.StepMs / 5;
        foreach (var resolution in (ReadOnlySpan<long>)[Resolutions.OneHour, Resolutions.FiveMinutes])
        {
            if (resolution > max || (hints.RangeMs == 0 ? resolution > hints.LookbackMs : hints.RangeMs < 5 * resolution))
            {
                continue;
            }

            if (_storage.DownsampledRange(resolution) is { } range && range.MinTime <= maxt && range.MaxTime > mint)
            {
                return resolution;
            }
        }

        return null;
    }

    private static string Durations(long ms) =>
        ms % 3_600_000 == 0 ? (ms / 3_600_000).ToString(CultureInfo.InvariantCulture) + "h"
        : ms % 60_000 == 0 ? (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "m"
        : (ms / 1000.0).ToString(CultureInfo.InvariantCulture) + "s";
}
