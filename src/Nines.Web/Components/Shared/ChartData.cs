using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Web.Components.Shared;

/// <summary>One line of a chart: a value (or a gap) per x.</summary>
internal sealed record ChartSeries(string Label, IReadOnlyList<double?> Values);

/// <summary>
/// The data of a time-series chart, as the page hands it to the script (web/src/charts.ts) in
/// the figure's data-chart attribute.
/// </summary>
internal sealed record ChartData(IReadOnlyList<long> X, IReadOnlyList<ChartSeries> Series, string YLabel)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Counts <paramref name="times"/> into buckets of <paramref name="bucket"/> that end with the
    /// bucket holding <paramref name="now"/> and cover <paramref name="span"/>.
    /// </summary>
    public static ChartData Histogram(IEnumerable<DateTimeOffset> times, DateTimeOffset now, TimeSpan span, TimeSpan bucket, string label, string yLabel)
    {
        var count = (int)Math.Ceiling(span / bucket);
        var lastStart = now.UtcTicks - now.UtcTicks % bucket.Ticks;
        var firstStart = lastStart - (count - 1) * bucket.Ticks;
        var x = new long[count];
        var values = new double?[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (firstStart + i * bucket.Ticks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond;
            values[i] = 0;
        }

        foreach (var time in times)
        {
            var index = (time.UtcTicks - firstStart) / bucket.Ticks;
            if (index >= 0 && index < count)
            {
                values[index] = values[index] + 1;
            }
        }

        return new ChartData(x, [new ChartSeries(label, values)], yLabel);
    }
}
