using Microsoft.Playwright;

namespace Nines.Browser.Tests.Pages.Explore;

/// <summary>
/// Native histograms in the explorer (see <see cref="Fixtures.ExploreFixture.RpcDuration"/>): the
/// table prints count, sum and buckets; the chart draws the observation count and says so. Expected
/// texts are derived by hand from the fixture's histograms.
/// </summary>
public partial class ExploreTests
{
    private const string RpcSummary = "count 1,234 · sum 567.8 · 4 buckets";
    private const string RpcLabel = "explore_rpc_duration_seconds{job=\"api\"} (histogram count)";

    [Fact]
    public async Task Table_InstantHistogram_ShowsCountSumAndBucketsWithTheirBoundaryRules()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_rpc_duration_seconds&tab=table");
        await using var _ = context;

        var cell = page.Locator("#explore-result-table tbody td.num");
        await Expect(cell).ToHaveCountAsync(1);
        await Expect(cell).ToContainTextAsync(RpcSummary);
        var buckets = cell.Locator("details.histogram-buckets");
        await Expect(buckets.Locator("pre")).ToBeHiddenAsync();

        await buckets.Locator("summary").ClickAsync();

        // Zero bucket closed on both sides; positive buckets of schema 0 open on the left.
        Assert.Equal(
            "[-0.001, 0.001]: 4\n(0.5, 1]: 300\n(1, 2]: 900\n(2, 4]: 30",
            await buckets.Locator("pre").InnerTextAsync());
        await Expect(page.Locator("#explore-status")).ToContainTextAsync("1 series");
        await ShotAsync(page, "explore-histogram-table", ColorScheme.Light);
        watch.AssertClean();
    }

    [Fact]
    public async Task Table_HistogramAmongFloats_SortsByObservationCount()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_temperature_celsius%20or%20explore_rpc_duration_seconds&tab=table");
        await using var _ = context;
        var rows = page.Locator("#explore-result-table tbody tr");
        await Expect(rows).ToHaveCountAsync(4);

        // Largest first: 1,234 observations above 30 °C; smallest first: the cellar first, the histogram last.
        await page.Locator("button[data-sort=value]").ClickAsync();
        await Expect(rows.First).ToContainTextAsync(RpcSummary);
        await page.Locator("button[data-sort=value]").ClickAsync();
        await Expect(rows.Last).ToContainTextAsync(RpcSummary);
        Assert.Contains("room=\"cellar\"", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        watch.AssertClean();
    }

    [Fact]
    public async Task Table_RangeSelectorOverASeriesThatSwitchedType_ListsFloatsThenHistograms()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_switched%5B15m%5D&tab=table");
        await using var _ = context;

        var cell = page.Locator("#explore-result-table tbody td.num");
        await Expect(cell).ToHaveCountAsync(1);
        await Expect(cell).ToContainTextAsync("count 5 · sum 1.5 · 2 buckets @");
        await ShotAsync(page, "explore-histogram-range-table", ColorScheme.Light);
        var lines = (await cell.InnerTextAsync()).Split('\n');
        var floats = Array.FindAll(lines, l => l.StartsWith("7 @", StringComparison.Ordinal));
        var histograms = Array.FindAll(lines, l => l.StartsWith("count 5 · sum 1.5 · 2 buckets @", StringComparison.Ordinal));

        // The float 7 until 10 minutes before the seed time, the histogram from then on, oldest first.
        Assert.NotEmpty(floats);
        Assert.NotEmpty(histograms);
        Assert.True(Array.LastIndexOf(lines, floats[^1]) < Array.IndexOf(lines, histograms[0]), string.Join(" | ", lines));
        await cell.Locator("details summary").ClickAsync();
        // Negative buckets are closed on the left, and listed before the positive ones.
        Assert.Contains("  [-2, -1): 2\n  (1, 2]: 3", await cell.Locator("details pre").InnerTextAsync(), StringComparison.Ordinal);
        watch.AssertClean();
    }

    [Fact]
    public async Task Chart_HistogramRange_DrawsTheCountWithALegendMarkAndANote()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_rpc_duration_seconds&range=1h");
        await using var _ = context;

        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(2);
        Assert.Equal(RpcLabel, await page.Locator($"{LegendSeries} .u-label").Nth(1).InnerTextAsync());
        Assert.Equal(1, await page.Locator("#explore-chart canvas").CountAsync());
        var note = page.Locator("#explore-histograms");
        await Expect(note).ToBeVisibleAsync();
        await Expect(note).ToContainTextAsync("1 native-histogram series is charted by its observation count");
        await Expect(note).ToContainTextAsync("histogram_quantile(0.9, sum(rate(explore_rpc_duration_seconds[5m])))");

        // A quarter of the range before its end the line is at the count, 1,234.
        Assert.Equal("1234", await HoverAsync(page, 0.75f));
        await ShotAsync(page, "explore-histogram-graph", ColorScheme.Light);
        watch.AssertClean();
    }

    [Fact]
    public async Task Chart_SeriesThatSwitchedType_DrawsFloatsThenCountsInTimeOrder()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_switched&range=1h");
        await using var _ = context;
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(2);
        Assert.Equal("explore_switched (histogram count)", await page.Locator($"{LegendSeries} .u-label").Nth(1).InnerTextAsync());

        // 24 minutes ago it was the float 7; 3 minutes ago a histogram of 5 observations.
        Assert.Equal("7", await HoverAsync(page, 0.6f));
        Assert.Equal("5", await HoverAsync(page, 0.95f));
        watch.AssertClean();
    }

    [Fact]
    public async Task Chart_FloatQueriesNextToHistograms_ChartNormallyAndTheNoteFollowsTheResult()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_rpc_duration_seconds%20or%20explore_temperature_celsius&range=1h");
        await using var _ = context;
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(5);
        var labels = await page.Locator($"{LegendSeries} .u-label").AllInnerTextsAsync();
        Assert.Contains(RpcLabel, labels);
        Assert.Contains("explore_temperature_celsius{room=\"attic\"}", labels);
        await Expect(page.Locator("#explore-histograms")).ToContainTextAsync("1 native-histogram series");

        // histogram_count gives floats: a plain line, and no note.
        await page.Locator("#explore-query").FillAsync("histogram_count(explore_rpc_duration_seconds)");
        await page.Locator("#explore-run").ClickAsync();
        await Expect(page.Locator("#explore-histograms")).ToBeHiddenAsync();
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(2);
        Assert.Equal("{job=\"api\"}", await page.Locator($"{LegendSeries} .u-label").Nth(1).InnerTextAsync());
        Assert.Equal("1234", await HoverAsync(page, 0.75f));
        watch.AssertClean();
    }

    /// <summary>Hovers the chart at <paramref name="fraction"/> of its width; returns the first series' legend value there.</summary>
    private static async Task<string> HoverAsync(IPage page, float fraction)
    {
        var over = (await page.Locator("#explore-chart .u-over").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(over.X + (over.Width * fraction), over.Y + (over.Height / 2));
        return await page.Locator($"{LegendSeries} .u-value").Nth(1).InnerTextAsync();
    }
}
