using Nines.Metrics.Downsampling;
using Nines.Metrics.Storage;
using Nines.Tests.Shared;
using Xunit.Abstractions;

namespace Nines.Query.Tests.Engine;

/// <summary>30 days of synthetic counters and gauges in a real storage, with 5m and 1h blocks written.</summary>
public sealed class ThirtyDaysFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nines-downsampled-query-" + Guid.NewGuid().ToString("N"));

    public MetricsStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Storage = await MetricsStorage.OpenAsync(_directory, DownsamplingWorkload.Options(TimeSpan.FromDays(60)));
        await new DownsamplingWorkload(2).AppendDaysAsync(Storage, 0, 30);
    }

    public async Task DisposeAsync()
    {
        await Storage.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class DownsampledQueryTests(ThirtyDaysFixture fixture, ITestOutputHelper output) : IClassFixture<ThirtyDaysFixture>
{
    private const long Hour = DownsamplingWorkload.Hour;
    private const long Day = DownsamplingWorkload.Day;

    private static readonly PromQlEngine Engine = new();

    // Compares the raw answer with the automatic one point by point; returns the largest relative difference.
    private double Compare(string query, long start, long end, long step, string expectedResolution)
    {
        var raw = Engine.Range(new MetricsStorageSource(fixture.Storage, Resolutions.Raw), query, start, end, step);
        var auto = Engine.Range(new MetricsStorageSource(fixture.Storage), query, start, end, step);

        Assert.Empty(raw.Infos);
        var info = Assert.Single(auto.Infos);
        Assert.StartsWith($"used {expectedResolution} downsampled data", info, StringComparison.Ordinal);
        Assert.True(auto.SamplesTouched < raw.SamplesTouched / 4, $"{auto.SamplesTouched} samples read downsampled, {raw.SamplesTouched} raw");

        var rawSeries = Assert.IsType<MatrixResult>(raw.Value).Series;
        var autoSeries = Assert.IsType<MatrixResult>(auto.Value).Series;
        Assert.Equal(rawSeries.Select(s => s.Metric), autoSeries.Select(s => s.Metric));
        var worst = 0.0;
        for (var i = 0; i < rawSeries.Count; i++)
        {
            Assert.Equal(rawSeries[i].Timestamps, autoSeries[i].Timestamps);
            for (var k = 0; k < rawSeries[i].Values.Length; k++)
            {
                var expected = rawSeries[i].Values[k];
                var diff = Math.Abs(autoSeries[i].Values[k] - expected) / Math.Max(Math.Abs(expected), 1e-9);
                worst = Math.Max(worst, diff);
            }
        }

        output.WriteLine($"{query} step {step / 60_000}m: {info}; max relative difference {worst:P3}; samples {auto.SamplesTouched} vs {raw.SamplesTouched} raw");
        return worst;
    }

    [Theory]
    [InlineData("rate(ds_requests_total[1h])", 0.02)]
    [InlineData("increase(ds_requests_total[6h])", 0.01)]
    [InlineData("sum by (instance) (rate(ds_requests_total[2h]))", 0.02)]
    [InlineData("sum_over_time(ds_temperature[1h])", 0.02)]
    [InlineData("count_over_time(ds_temperature[1h])", 0.02)]
    [InlineData("avg_over_time(ds_temperature[1h])", 0.02)]
    [InlineData("max_over_time(ds_temperature[1h])", 0.05)]
    [InlineData("min_over_time(ds_temperature[1h])", 0.05)]
    public void Range_ThirtyDaysStepOneHour_FiveMinuteDataWithinToleranceOfRaw(string query, double tolerance)
    {
        var worst = Compare(query, Day, 28 * Day, Hour, "5m");
        Assert.True(worst <= tolerance, $"{query}: {worst:P3} > {tolerance:P0}");
    }

    [Theory]
    [InlineData("rate(ds_requests_total[1d])", 0.03)]
    [InlineData("max_over_time(ds_temperature[1d])", 0.02)]
    [InlineData("sum_over_time(ds_temperature[1d])", 0.01)]
    public void Range_ThirtyDaysStepOneDay_OneHourDataWithinToleranceOfRaw(string query, double tolerance)
    {
        var worst = Compare(query, 2 * Day, 28 * Day, Day, "1h");
        Assert.True(worst <= tolerance, $"{query}: {worst:P3} > {tolerance:P0}");
    }

    [Fact]
    public void Range_PlainSelectorStepOneHour_AverageOfTheFiveMinuteWindow()
    {
        var worst = Compare("ds_temperature", Day, 28 * Day, Hour, "5m");
        Assert.True(worst <= 0.1, $"{worst:P3}");
    }

    [Fact]
    public void Range_StepFiveMinutesOrUnmappedFunction_ReadsRawAndSaysNothing()
    {
        foreach (var (query, step) in new[] { ("rate(ds_requests_total[1h])", 5 * 60_000L), ("deriv(ds_temperature[1h])", Hour), ("quantile_over_time(0.5, ds_temperature[1h])", Hour) })
        {
            var raw = Engine.Range(new MetricsStorageSource(fixture.Storage, Resolutions.Raw), query, 20 * Day, 21 * Day, step);
            var auto = Engine.Range(new MetricsStorageSource(fixture.Storage), query, 20 * Day, 21 * Day, step);
            Assert.Empty(auto.Infos);
            Assert.Equal(raw.SamplesTouched, auto.SamplesTouched);
        }
    }

    [Fact]
    public void Range_RateWindowShorterThanFiveResolutions_FallsBackToFinerResolution()
    {
        // Step 1d allows 1h data, but a 2h rate window would hold two 1h samples: 5m data is read.
        var auto = Engine.Range(new MetricsStorageSource(fixture.Storage), "rate(ds_requests_total[2h])", 2 * Day, 28 * Day, Day);
        Assert.StartsWith("used 5m downsampled data (counter aggregate) for rate before", Assert.Single(auto.Infos), StringComparison.Ordinal);
    }

    [Fact]
    public void Range_MaxSourceResolutionOneHour_UsesOneHourEvenAtAFineStep()
    {
        var forced = Engine.Range(new MetricsStorageSource(fixture.Storage, Resolutions.OneHour), "max_over_time(ds_temperature[1d])", 2 * Day, 3 * Day, Hour);
        Assert.StartsWith("used 1h downsampled data (max aggregate) for max_over_time before", Assert.Single(forced.Infos), StringComparison.Ordinal);
        Assert.Contains("max_source_resolution=1h", forced.Infos[0], StringComparison.Ordinal);
    }
}
