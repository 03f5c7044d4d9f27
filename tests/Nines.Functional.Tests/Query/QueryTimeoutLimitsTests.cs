using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nines.Query.Http;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// <c>query.timeout</c>, <c>query.max_concurrent_per_tenant</c> and <c>query.max_queued_per_tenant</c>
/// from the configuration, with a query that would run for minutes: the configured timeout bounds
/// it even when the request asks for longer, a shorter <c>timeout</c> parameter wins, a second query
/// with the only slot taken and no queue gets 503 with Retry-After, and a client that hangs up stops
/// the query (the query log says canceled, long before the timeout).
/// </summary>
public sealed class QueryTimeoutLimitsTests(SlowQueryLimitsFixture fixture) : IClassFixture<SlowQueryLimitsFixture>
{
    // 11,001 steps, each sorting the 86,401 points of a 24-hour subquery at 1 s resolution: about
    // 950 M samples, far beyond query.timeout (4 s) on any machine (a 3-hour window once finished in time).
    private const string Heavy = "quantile_over_time(0.5, (vector(time()) * 1)[24h:1s])";

    private static string HeavyRange(string extra = "", string query = Heavy) =>
        "/api/v1/query_range?query=" + Uri.EscapeDataString(query) + "&start=0&end=11000&step=1" + extra;

    // The heavy query holds the tenant's only slot once it runs; on a busy machine that can take a while.
    private static async Task WaitUntilRunningAsync(TenantQueryLimiter limiter)
    {
        var timer = Stopwatch.StartNew();
        while (limiter.Running(QueryLimitsFixture.Tenant) == 0 && timer.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, limiter.Running(QueryLimitsFixture.Tenant));
    }

    [Fact]
    public async Task QueryRange_ParameterLongerThanConfiguredTimeout_503AtTheConfiguredTimeout()
    {
        var timer = Stopwatch.StartNew();
        using var response = await fixture.Client.GetAsync(HeavyRange("&timeout=120"));

        Assert.Equal("query timed out in expression evaluation", await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "timeout"));
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(60), $"query.timeout of 4 s was answered after {timer.Elapsed}");
    }

    [Fact]
    public async Task QueryRange_ParameterShorterThanConfiguredTimeout_ParameterWins()
    {
        var timer = Stopwatch.StartNew();
        using var response = await fixture.Client.GetAsync(HeavyRange("&timeout=0.2"));

        await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "timeout");
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(3.5), $"timeout=0.2 was answered after {timer.Elapsed}, not before query.timeout");
        // The server's own measure, free of the client's scheduling.
        var line = Assert.Single(await fixture.LogLinesAsync(Heavy), l => l.GetProperty("stats").GetProperty("timings").GetProperty("execTotalTime").GetDouble() < 3);
        Assert.Equal(("error", "timeout"), (line.GetProperty("status").GetString(), line.GetProperty("errorType").GetString()));
    }

    [Fact]
    public async Task Query_OnlySlotTakenAndNoQueue_503WithRetryAfter()
    {
        var limiter = fixture.Host.Services.GetRequiredService<TenantQueryLimiter>();
        var running = fixture.Client.GetAsync(HeavyRange());
        await WaitUntilRunningAsync(limiter);

        using var refused = await fixture.Client.GetAsync("/api/v1/query?query=1&time=1");

        var error = await PrometheusApiErrorTests.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal($"too many concurrent queries for tenant '{QueryLimitsFixture.Tenant}'; retry after 1s", error);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        (await running).Dispose();
    }

    [Fact]
    public async Task QueryRange_ClientHangsUp_QueryStopsAndIsLoggedCanceled()
    {
        // A query text of its own, so its log line is this test's.
        const string query = Heavy + " + 0";
        var limiter = fixture.Host.Services.GetRequiredService<TenantQueryLimiter>();
        using var cancel = new CancellationTokenSource();
        var request = fixture.Client.GetAsync(HeavyRange(query: query), cancel.Token);
        await WaitUntilRunningAsync(limiter);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var line = Assert.Single(await fixture.LogLinesAsync(query));
        Assert.Equal(("canceled", "canceled"), (line.GetProperty("status").GetString(), line.GetProperty("errorType").GetString()));
        // Stopped by the hang-up, not by query.timeout (4 s).
        var took = line.GetProperty("stats").GetProperty("timings").GetProperty("execTotalTime").GetDouble();
        Assert.True(took < 3.5, $"the query ran {took} s after the client left");
        Assert.Equal(0, limiter.Running(QueryLimitsFixture.Tenant));
    }
}
