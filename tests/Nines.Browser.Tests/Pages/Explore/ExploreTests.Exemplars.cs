using Nines.Browser.Tests.Fixtures;

namespace Nines.Browser.Tests.Pages.Explore;

public partial class ExploreTests
{
    [Fact]
    public async Task Exemplars_RangeQuery_DrawnAsDotsOnTheChartAndAClickOpensTheTrace()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_latency_seconds&range=1h");
        await using var _ = context;

        var links = page.Locator("#explore-chart a.exemplar-dot");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(page.Locator("#explore-chart span.exemplar-dot")).ToHaveCountAsync(1);
        await Expect(page.Locator("#explore-status")).ToContainTextAsync("1 series · step 14s (auto) · 3 exemplars");

        // Each dot sits inside the plot, the later (higher) exemplar right of and above the earlier one.
        var plot = (await page.Locator("#explore-chart .u-over").BoundingBoxAsync())!;
        var first = (await links.Nth(0).BoundingBoxAsync())!;
        var second = (await links.Nth(1).BoundingBoxAsync())!;
        Assert.InRange(first.X, plot.X - 5, plot.X + plot.Width);
        Assert.InRange(first.Y, plot.Y - 5, plot.Y + plot.Height);
        Assert.True(second.X > first.X && second.Y < first.Y, $"dots at ({first.X},{first.Y}) and ({second.X},{second.Y})");
        Assert.Contains(ExploreFixture.ExemplarTraces[0], await links.Nth(0).GetAttributeAsync("title") ?? "", StringComparison.Ordinal);
        Assert.Contains("value 0.25", await links.Nth(0).GetAttributeAsync("title") ?? "", StringComparison.Ordinal);

        await links.Nth(1).ClickAsync();

        await page.WaitForURLAsync("**/traces/" + ExploreFixture.ExemplarTraces[1]);
        await Expect(page.Locator("#trace-pending")).ToContainTextAsync(ExploreFixture.ExemplarTraces[1]);
        watch.AssertClean();
    }
}
