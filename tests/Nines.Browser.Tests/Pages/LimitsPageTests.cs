using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;
using Nines.Core.Security;
using Nines.Testing.Peers;

namespace Nines.Browser.Tests.Pages;

public class LimitsPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Limits_AdminOverridesALimit_IngestIsRefusedAndThePageShowsTheRejection()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/limits");
        var row = page.Locator("#limits-table tr[data-limit='max_series_per_metric']");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("default");

        await row.Locator("input").FillAsync("2");
        await page.Locator("#limits-save").ClickAsync();

        await Assertions.Expect(page.Locator("#limits-saved")).ToContainTextAsync("Saved: max_series_per_metric");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("override");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("2");

        Assert.Equal(HttpStatusCode.NoContent, await WriteAsync(["__name__", "m", "i", "1"], ["__name__", "m", "i", "2"]));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WriteAsync(["__name__", "m", "i", "3"]));
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("#usage-series")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#usage-samples")).ToHaveTextAsync("0.03");
        var rejection = page.Locator("#rejections-table tr[data-reason='max_series_per_metric']");
        await Assertions.Expect(rejection).ToContainTextAsync("samples");
        await Assertions.Expect(rejection.Locator("td").Nth(2)).ToHaveTextAsync("1");
        watch.AssertClean();
    }

    [Fact]
    public async Task Limits_AdminEntersANegativeNumber_ToldWhichLimitAndNothingSaved()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.AdminName);
        await Session.OpenAsync(page, "/limits");

        await page.Locator("#limits-table tr[data-limit='logs_per_second'] input").FillAsync("-5");
        await page.Locator("#limits-save").ClickAsync();

        await Assertions.Expect(page.Locator("#limits-error")).ToContainTextAsync("logs_per_second: enter a whole number");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#limits-table tr[data-limit='logs_per_second'] .badge")).ToHaveTextAsync("default");
        watch.AssertClean();
    }

    [Fact]
    public async Task Limits_AsViewer_ReadOnlyTableWithUsage()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        await Session.OpenAsync(page, "/limits");

        await Assertions.Expect(page.Locator("#limits-table tr[data-limit='max_active_series']")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#limits-table input").CountAsync());
        Assert.Equal(0, await page.Locator("#limits-save").CountAsync());
        await Assertions.Expect(page.Locator("#usage-series-limit")).ToContainTextAsync("of ");
        watch.AssertClean();
    }

    private async Task<HttpStatusCode> WriteAsync(params string[][] series)
    {
        using var sender = fixture.Host.CreateClient(await fixture.Host.CreateTokenAsync(Role.Viewer, ingest: true));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var payload = new RemoteWritePayload();
        foreach (var labels in series)
        {
            payload.Add(labels, now, 1);
        }

        var content = new ByteArrayContent(payload.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        return (await sender.PostAsync("/api/v1/write", content)).StatusCode;
    }
}
