using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;

namespace Nines.Browser.Tests.Pages.Explore;

/// <summary>The metrics explorer, driven as a user would, over metrics written by remote write.</summary>
public partial class ExploreTests(ExploreFixture fixture) : IClassFixture<ExploreFixture>
{
    private const string LegendSeries = "#explore-chart .u-legend tr.u-series";

    [Fact]
    public async Task Run_RangeQueryWithCtrlEnter_DrawsOneLinePerSeriesAndPutsTheQueryInTheUrl()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;

        await page.Locator("#explore-query").FillAsync("explore_requests_total");
        await page.Locator("#explore-query").PressAsync("Control+Enter");

        // The x series has a legend row too: three series and "Time (UTC)".
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(4);
        await Expect(page.Locator("#explore-status")).ToContainTextAsync("3 series");
        var labels = await page.Locator($"{LegendSeries} .u-label").AllInnerTextsAsync();
        Assert.Contains("explore_requests_total{instance=\"b\", job=\"api\"}", labels);
        Assert.Equal(1, await page.Locator("#explore-chart canvas").CountAsync());
        Assert.Equal("explore_requests_total", await page.Locator(".promql-highlight .tok-metric").InnerTextAsync());
        Assert.Contains("query=explore_requests_total", page.Url, StringComparison.Ordinal);
        Assert.Contains("tab=graph", page.Url, StringComparison.Ordinal);
        watch.AssertClean();
    }

    [Fact]
    public async Task Highlight_QueryWithEveryTokenKind_ColoursEachKind()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;

        await page.Locator("#explore-query").FillAsync("sum by (job) (rate(explore_requests_total{job=~\"a.*\"}[5m] offset 1h)) > 0.5");

        var highlight = page.Locator(".promql-highlight");
        Assert.Equal("sum", await highlight.Locator(".tok-function").First.InnerTextAsync());
        Assert.Equal(["by", "offset"], await highlight.Locator(".tok-keyword").AllInnerTextsAsync());
        Assert.Equal(["job", "job"], await highlight.Locator(".tok-label").AllInnerTextsAsync());
        Assert.Equal("\"a.*\"", await highlight.Locator(".tok-string").InnerTextAsync());
        Assert.Equal(["5m", "1h"], await highlight.Locator(".tok-duration").AllInnerTextsAsync());
        Assert.Equal("0.5", await highlight.Locator(".tok-number").InnerTextAsync());
        Assert.Equal("explore_requests_total", await highlight.Locator(".tok-metric").InnerTextAsync());
        watch.AssertClean();
    }

    [Fact]
    public async Task Table_InstantQueryFromUrl_ListsEverySeriesAndSortsByValue()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_temperature_celsius&tab=table");
        await using var _ = context;

        var rows = page.Locator("#explore-result-table tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal("true", await page.Locator("#tab-table").GetAttributeAsync("aria-selected"));
        Assert.Equal("explore_temperature_celsius", await page.Locator("#explore-query").InputValueAsync());

        // Series order first; a click on Value sorts largest first, a second click smallest first.
        Assert.Contains("room=\"attic\"", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("button[data-sort=value]").ClickAsync();
        Assert.Equal(["30", "21.5", "12"], await page.Locator("#explore-result-table tbody td.num").AllInnerTextsAsync());
        Assert.Equal("descending", await page.Locator("th:has(button[data-sort=value])").GetAttributeAsync("aria-sort"));
        await page.Locator("button[data-sort=value]").ClickAsync();
        Assert.Equal(["12", "21.5", "30"], await page.Locator("#explore-result-table tbody td.num").AllInnerTextsAsync());
        Assert.Contains("room=\"cellar\"", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        watch.AssertClean();
    }

    [Fact]
    public async Task ParseError_FromTheApi_ShowsItsTextAndMarksTheReportedColumn()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;
        watch.Expect("/api/v1/query_range", 400);

        const string Query = "sum(rate(explore_requests_total[5m])) by (job";
        await page.Locator("#explore-query").FillAsync(Query);
        await page.Locator("#explore-run").ClickAsync();

        var error = page.Locator("#explore-error");
        await Expect(error).ToBeVisibleAsync();
        var text = await error.InnerTextAsync();
        var position = PositionPattern().Match(text);
        Assert.True(position.Success, $"expected line:column at the start of \"{text}\"");
        Assert.Contains("parse error", text, StringComparison.Ordinal);
        var column = int.Parse(position.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);

        // The marker sits on the character the API names (columns are 1-based).
        var markOffset = await page.EvaluateAsync<int>("""
            () => {
              const mark = document.querySelector('.promql-highlight [data-error-mark]');
              const range = document.createRange();
              range.setStart(mark.parentElement.closest('pre'), 0);
              range.setEndBefore(mark);
              return range.toString().length;
            }
            """);
        Assert.Equal(column - 1, markOffset);
        Assert.True(column > 30, $"the error should be near the end of the query, not at column {column}");
        Assert.Equal("true", await page.Locator("#explore-query").GetAttributeAsync("aria-invalid"));

        // Typing clears the stale marker.
        await page.Locator("#explore-query").PressAsync("End");
        await page.Locator("#explore-query").PressSequentiallyAsync(")");
        Assert.Equal(0, await page.Locator("[data-error-mark]").CountAsync());
        watch.AssertClean();
    }

    [Fact]
    public async Task Legend_ClickASeries_HidesItAndClickAgainShowsIt()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_requests_total");
        await using var _ = context;
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(4);

        var second = page.Locator(LegendSeries).Nth(2);
        await second.ClickAsync();
        await Expect(second).ToHaveClassAsync(new Regex("u-off"));
        await second.ClickAsync();
        await Expect(second).Not.ToHaveClassAsync(new Regex("u-off"));
        watch.AssertClean();
    }

    [Fact]
    public async Task Chart_HoverAndDragToZoom_ShowsValuesThenRerunsOverTheSelectedRange()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=explore_temperature_celsius&range=1h");
        await using var _ = context;
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(4);
        var over = await page.Locator("#explore-chart .u-over").BoundingBoxAsync();
        Assert.NotNull(over);

        // Hovering puts each series' value at that time in the legend.
        await page.Mouse.MoveAsync(over.X + (over.Width * 0.8f), over.Y + (over.Height / 2));
        var values = await page.Locator($"{LegendSeries} .u-value").AllInnerTextsAsync();
        Assert.Contains("30", values.Skip(1));
        Assert.Contains("12", values.Skip(1));

        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(over.X + (over.Width * 0.9f), over.Y + (over.Height / 2), new() { Steps = 5 });
        await page.Mouse.UpAsync();

        await Expect(page.Locator("#explore-range")).ToHaveValueAsync("custom");
        await Expect(page.Locator("#explore-from")).ToBeVisibleAsync();
        await page.WaitForURLAsync(new Regex("range=custom"));
        var from = DateTimeOffset.Parse(await page.Locator("#explore-from").InputValueAsync() + "Z", System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(await page.Locator("#explore-to").InputValueAsync() + "Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((to - from).TotalMinutes, 3, 9);
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(4);
        watch.AssertClean();
    }

    [Fact]
    public async Task ManySeries_1200Series_DrawsACappedChartWithANoteAndStaysResponsive()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;

        await page.Locator("#explore-query").FillAsync("explore_many");
        await page.Locator("#explore-run").ClickAsync();

        await Expect(page.Locator("#explore-cap")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#explore-cap")).ToContainTextAsync("Showing 100 of 1,200 series");
        Assert.Equal(101, await page.Locator(LegendSeries).CountAsync());

        // Responsive: a burst of mouse moves over the chart is handled well within a frame budget each.
        var over = await page.Locator("#explore-chart .u-over").BoundingBoxAsync();
        Assert.NotNull(over);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= 20; i++)
        {
            await page.Mouse.MoveAsync(over.X + (over.Width * i / 21f), over.Y + (over.Height / 2));
        }

        Assert.True(started.ElapsedMilliseconds < 5000, $"20 hover moves took {started.ElapsedMilliseconds} ms");

        // The table lists every series.
        await page.Locator("#tab-table").ClickAsync();
        await Expect(page.Locator("#explore-result-table tbody tr")).ToHaveCountAsync(ExploreFixture.ManySeries, new() { Timeout = 30_000 });
        watch.AssertClean();
    }

    [Fact]
    public async Task Autocomplete_MetricLabelAndValue_SuggestsFromTheApiAndAcceptsWithTheKeyboard()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;
        var editor = page.Locator("#explore-query");
        var suggestions = page.Locator("#explore-suggestions");

        await editor.PressSequentiallyAsync("explore_te");
        await Expect(suggestions).ToBeVisibleAsync();
        Assert.Equal("explore_temperature_celsius", await suggestions.Locator("li[aria-selected=true] .suggestion-text").InnerTextAsync());
        await editor.PressAsync("Enter");
        await Expect(editor).ToHaveValueAsync("explore_temperature_celsius");

        await editor.PressSequentiallyAsync("{");
        await Expect(suggestions.Locator("li .suggestion-text")).ToHaveTextAsync(["room"]);
        await editor.PressAsync("Tab");
        await editor.PressSequentiallyAsync("=");
        await Expect(suggestions.Locator("li .suggestion-text")).ToHaveTextAsync(["attic", "cellar", "kitchen"]);
        await editor.PressAsync("ArrowDown");
        await editor.PressAsync("ArrowDown");
        Assert.Equal("kitchen", await suggestions.Locator("li[aria-selected=true] .suggestion-text").InnerTextAsync());
        await editor.PressAsync("Enter");
        await Expect(editor).ToHaveValueAsync("explore_temperature_celsius{room=\"kitchen\"");
        await Expect(suggestions).ToBeHiddenAsync();

        // Functions, and Escape closes the list.
        await editor.FillAsync("");
        await editor.PressSequentiallyAsync("histogram_q");
        await Expect(suggestions.Locator("li[data-kind=function] .suggestion-text")).ToHaveTextAsync(["histogram_quantile"]);
        await editor.PressAsync("Escape");
        await Expect(suggestions).ToBeHiddenAsync();
        await editor.PressSequentiallyAsync("u");
        await editor.PressAsync("Enter");
        await Expect(editor).ToHaveValueAsync("histogram_quantile(");
        watch.AssertClean();
    }

    [Fact]
    public async Task History_TwoQueries_ListsNewestFirstAndAClickRunsOneAgain()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;
        var editor = page.Locator("#explore-query");

        await editor.FillAsync("explore_requests_total");
        await editor.PressAsync("Control+Enter");
        await Expect(page.Locator("#explore-history li")).ToHaveCountAsync(1);
        await editor.FillAsync("explore_temperature_celsius");
        await editor.PressAsync("Control+Enter");
        await Expect(page.Locator("#explore-history li")).ToHaveCountAsync(2);
        Assert.Equal(["explore_temperature_celsius", "explore_requests_total"], await page.Locator("#explore-history .history-query").AllInnerTextsAsync());

        // History lives in this browser: a reload keeps it.
        await page.ReloadAsync();
        await page.Locator("#explore-history .history-query", new() { HasText = "explore_requests_total" }).ClickAsync();
        await Expect(editor).ToHaveValueAsync("explore_requests_total");
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(4);
        // Both queries have three series: wait for the history, which the clicked run updates last.
        await Expect(page.Locator("#explore-history .history-query").First).ToHaveTextAsync("explore_requests_total");
        watch.AssertClean();
    }

    [Fact]
    public async Task SharedUrl_WithRangeStepAndTab_RestoresTheFormAndRunsTheQuery()
    {
        var (context, page, watch) = await OpenAsync("/explore?query=sum%20by%20(job)%20(explore_requests_total)&range=6h&step=60s&tab=graph");
        await using var _ = context;

        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(3);
        Assert.Equal("sum by (job) (explore_requests_total)", await page.Locator("#explore-query").InputValueAsync());
        Assert.Equal("6h", await page.Locator("#explore-range").InputValueAsync());
        Assert.Equal("60s", await page.Locator("#explore-step").InputValueAsync());
        await Expect(page.Locator("#explore-status")).ToContainTextAsync("step 60s");
        Assert.False(await page.Locator("#explore-from").IsVisibleAsync());

        // Switching tab runs the instant query and the URL follows.
        await page.Locator("#tab-table").ClickAsync();
        await Expect(page.Locator("#explore-result-table tbody tr")).ToHaveCountAsync(2);
        Assert.Contains("tab=table", page.Url, StringComparison.Ordinal);
        watch.AssertClean();
    }

    [Fact]
    public async Task RangePicker_AbsoluteFromToAndTypedStep_QueriesThatWindowAndRejectsABadStep()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;
        // Whole-minute values would fail Playwright's fill: Chromium reads "…:00" back without the
        // seconds ("Malformed value"), so the seconds are pinned to 30.
        var now = TimeProvider.System.GetUtcNow();
        now = now.AddSeconds(30 - now.Second);
        var from = now.AddMinutes(-20).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var to = now.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(await page.Locator("#explore-from").IsVisibleAsync());
        await page.Locator("#explore-range").SelectOptionAsync("custom");
        await page.Locator("#explore-from").FillAsync(from);
        await page.Locator("#explore-to").FillAsync(to);
        await page.Locator("#explore-step").FillAsync("abc");
        await page.Locator("#explore-query").FillAsync("explore_temperature_celsius");
        await page.Locator("#explore-run").ClickAsync();
        await Expect(page.Locator("#explore-error")).ToContainTextAsync("The step \"abc\" is not a duration");

        await page.Locator("#explore-step").FillAsync("30s");
        await page.Locator("#explore-run").ClickAsync();
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(4);
        await Expect(page.Locator("#explore-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#explore-status")).ToContainTextAsync("step 30s");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.Equal("custom", query["range"]);
        Assert.Equal(from, query["from"]);
        Assert.Equal(to, query["to"]);
        Assert.Equal("30s", query["step"]);

        // Hovering near the left edge shows a time inside the window, not an hour back.
        var over = await page.Locator("#explore-chart .u-over").BoundingBoxAsync();
        await page.Mouse.MoveAsync(over!.X + 5, over.Y + (over.Height / 2));
        var hovered = await page.Locator($"{LegendSeries} .u-value").First.InnerTextAsync();
        Assert.InRange(string.CompareOrdinal(hovered, from.Replace('T', ' ')[..16]), 0, int.MaxValue);
        Assert.InRange(string.CompareOrdinal(hovered, to.Replace('T', ' ')), int.MinValue, 0);
        watch.AssertClean();
    }

    [Fact]
    public async Task Autocomplete_InsideByParentheses_SuggestsLabelNames()
    {
        var (context, page, watch) = await OpenAsync();
        await using var _ = context;
        var editor = page.Locator("#explore-query");

        await editor.PressSequentiallyAsync("sum by (in");
        await Expect(page.Locator("#explore-suggestions li .suggestion-text").First).ToHaveTextAsync("instance");
        await editor.PressAsync("Enter");
        await Expect(editor).ToHaveValueAsync("sum by (instance");
        watch.AssertClean();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Explore_InBothColorSchemes_DrawsTheChartAndAnErrorMarker(ColorScheme scheme)
    {
        await fixture.SeedAsync();
        await using var context = await fixture.NewContextAsync(scheme);
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        watch.Expect("/api/v1/query_range", 400);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);
        await Session.OpenAsync(page, "/explore?query=sum%20by%20(job)%20(rate(explore_requests_total%7Bjob%3D~%22a.*%7Cw.*%22%7D%5B5m%5D))&range=1h");
        await Expect(page.Locator(LegendSeries)).ToHaveCountAsync(3);
        var over = await page.Locator("#explore-chart .u-over").BoundingBoxAsync();
        await page.Mouse.MoveAsync(over!.X + (over.Width * 0.6f), over.Y + 40);
        await ShotAsync(page, "explore-graph", scheme);

        await page.Locator("#explore-query").FillAsync("sum(rate(explore_requests_total{job=\"api\"}[5m])) by (job");
        await page.Locator("#explore-run").ClickAsync();
        await Expect(page.Locator("[data-error-mark]")).ToHaveCountAsync(1);
        await page.Locator("#explore-query").FillAsync("explore_temperature_celsius{");
        await page.Locator("#explore-query").PressSequentiallyAsync("r");
        await Expect(page.Locator("#explore-suggestions")).ToBeVisibleAsync();
        await ShotAsync(page, "explore-suggest", scheme);
        await page.Locator("#explore-query").PressAsync("Escape");
        await page.Locator("#explore-query").FillAsync("explore_temperature_celsius");
        await page.Locator("#tab-table").ClickAsync();
        await Expect(page.Locator("#explore-result-table tbody tr")).ToHaveCountAsync(3);
        await ShotAsync(page, "explore-table", scheme);
        watch.AssertClean();
    }

    [GeneratedRegex(@"^(\d+):(\d+): ")]
    private static partial Regex PositionPattern();

    private Task ShotAsync(IPage page, string name, ColorScheme scheme) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}-{scheme}.png".ToLowerInvariant()), FullPage = true });

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task<(IBrowserContext Context, IPage Page, PageWatch Watch)> OpenAsync(string path = "/explore")
    {
        await fixture.SeedAsync();
        var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);
        await Session.OpenAsync(page, path);
        return (context, page, watch);
    }
}
