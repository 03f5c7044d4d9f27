using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;
using Nines.Core.Security;
using Nines.Testing.Peers;

namespace Nines.Browser.Tests.Pages;

public class CardinalityPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Cardinality_AfterALabelExplodes_TablesNameItTheMetricDrillsDownAndTheWindowChanges()
    {
        using (var sender = fixture.Host.CreateClient(await fixture.Host.CreateTokenAsync(Role.Viewer, ingest: true)))
        {
            await CardinalityWorkload.WriteAsync(sender);
        }

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        await Session.OpenAsync(page, "/cardinality");

        Assert.Equal("Cardinality", await Session.HeadingAsync(page));
        await Assertions.Expect(page.Locator("#stat-series")).ToHaveTextAsync("43");
        await Assertions.Expect(page.Locator("#metrics-by-series-table tbody tr").First).ToHaveAttributeAsync("data-metric", "http_requests_total");
        var exploded = page.Locator("#labels-by-values-table tbody tr").First;
        await Assertions.Expect(exploded).ToHaveAttributeAsync("data-label", "request_id");
        await Assertions.Expect(exploded.Locator("td").Nth(1)).ToHaveTextAsync("40");
        await Assertions.Expect(page.Locator("#metrics-by-churn-table tbody tr").First.Locator("td").Nth(2)).ToHaveTextAsync("40");

        await page.Locator("#metrics-by-series-table a", new() { HasText = "http_requests_total" }).ClickAsync();

        await Assertions.Expect(page.Locator("#metric-summary")).ToContainTextAsync("40 series");
        var labels = page.Locator("#metric-labels tbody tr");
        await Assertions.Expect(labels.First).ToHaveAttributeAsync("data-label", "request_id");
        await Assertions.Expect(page.Locator("#metric-labels tr[data-label='status'] td").Nth(4)).ToContainTextAsync("200 (30)");

        await page.Locator("#cardinality-window").SelectOptionAsync("15m");

        // Polls the URL: waiting for a "load" event races with a navigation that may already be done.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("(?=.*window=15m)(?=.*metric=http_requests_total)"));
        await Assertions.Expect(page.Locator(".page-header")).ToContainTextAsync("15 minutes");
        await Assertions.Expect(page.Locator("#stat-created")).ToHaveTextAsync("43");
        watch.AssertClean();
    }

    [Fact]
    public async Task Cardinality_UnknownMetricAndBadWindow_SaySoInsteadOfFailing()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        var response = await Session.OpenAsync(page, "/cardinality?metric=nope&window=3d");

        Assert.Equal(200, response.Status);
        await Assertions.Expect(page.Locator("#cardinality-notice")).ToContainTextAsync("Window '3d' is not one of");
        await Assertions.Expect(page.Locator("#metric-drill-down")).ToContainTextAsync("No series of nope");
        watch.AssertClean();
    }
}
