using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Nines.Browser.Tests.Fixtures;
using Nines.Core.Security;

namespace Nines.Browser.Tests.Pages;

public class PipelinePageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Pipeline_DefaultConfig_ShowsRedactionOnSamplingKeepingEverythingAndNoDrops()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        await Session.OpenAsync(page, "/pipeline");

        Assert.Equal("Pipeline", await Session.HeadingAsync(page));
        await Assertions.Expect(page.Locator("#redaction-enabled")).ToHaveTextAsync("on");
        await Assertions.Expect(page.Locator("#redaction-deny-keys")).ToContainTextAsync("password");
        await Assertions.Expect(page.Locator("#redaction-rules")).ToContainTextAsync("No custom rules.");
        await Assertions.Expect(page.Locator("#redaction-counts tr[data-rule='email'] td").Nth(1)).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#head-sampling-table tr[data-service=''] td").Nth(1)).ToHaveTextAsync("100%");
        await Assertions.Expect(page.Locator("#tail-enabled")).ToHaveTextAsync("off");
        await Assertions.Expect(page.Locator("#tail-sampling")).ToContainTextAsync("10 seconds");
        await Assertions.Expect(page.Locator("#log-sampling-table tr[data-service=''] td").Nth(2)).ToHaveTextAsync("no limit");
        await Assertions.Expect(page.Locator("#dropped-table")).ToContainTextAsync("Nothing was dropped");
        watch.AssertClean();
    }
}

public class PipelinePageHeadSamplingTests(HeadSamplingBrowserFixture fixture) : IClassFixture<HeadSamplingBrowserFixture>
{
    [Fact]
    public async Task Pipeline_AfterHeadSamplingDropsTraces_ShowsTheProbabilitiesAndTheDropCount()
    {
        using (var sender = fixture.Host.CreateClient(await fixture.Host.CreateTokenAsync(Role.Viewer, ingest: true)))
        {
            var response = await sender.PostAsync("/v1/traces", Spans(("healthcheck", "00000000000000000000000000000a01"),
                ("healthcheck", "00000000000000000000000000000a02"), (HeadSamplingBrowserFixture.KeptService, "00000000000000000000000000000b01")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page);
        await Session.LogInAsync(page, BrowserFixture.ViewerName);

        await Session.OpenAsync(page, "/pipeline");

        await Assertions.Expect(page.Locator("#head-sampling-table tr[data-service=''] td").Nth(1)).ToHaveTextAsync("0%");
        await Assertions.Expect(page.Locator($"#head-sampling-table tr[data-service='{HeadSamplingBrowserFixture.KeptService}'] td").Nth(1)).ToHaveTextAsync("100%");
        var drop = page.Locator("#dropped-table tr[data-signal='spans'][data-reason='head_sampling'] td");
        await Assertions.Expect(drop.Nth(2)).ToHaveTextAsync("2");
        watch.AssertClean();
    }

    /// <summary>OTLP/JSON spans, one 1 ms root span per (service, trace id).</summary>
    private static StringContent Spans(params (string Service, string TraceId)[] spans)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        var resources = spans.Select((s, i) => $$$"""
            {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{s.Service}}}"}}]},
             "scopeSpans":[{"spans":[{"traceId":"{{{s.TraceId}}}","spanId":"{{{(i + 1).ToString("x16", CultureInfo.InvariantCulture)}}}","name":"op",
               "startTimeUnixNano":"{{{now}}}","endTimeUnixNano":"{{{now + 1_000_000}}}"}]}]}
            """);
        return new StringContent("{\"resourceSpans\":[" + string.Join(",", resources) + "]}", Encoding.UTF8, "application/json");
    }
}
