using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nines.Core.Security;
using Nines.Query.Http;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// A query stops when its <c>timeout</c> passes or its client goes away, and gives its slot back:
/// a closed Grafana tab must not keep burning a core.
/// </summary>
public sealed class QueryCancellationTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    // 11,001 steps, each sorting the 10,801 points of a 3-hour subquery at 1 s resolution for a
    // quantile: far more than a few seconds of work.
    private static readonly string HeavyRange = "/api/v1/query_range?query="
        + Uri.EscapeDataString("quantile_over_time(0.5, (vector(time()) * 1)[3h:1s])") + "&start=0&end=11000&step=1";

    [Fact]
    public async Task QueryRange_TimeoutPassesDuringEvaluation_503Timeout()
    {
        var timer = Stopwatch.StartNew();
        using var response = await fixture.TeamA.GetAsync(HeavyRange + "&timeout=0.3");

        Assert.Equal("query timed out in expression evaluation", await PrometheusApiErrorTests.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "timeout"));
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"the timeout of 0.3 s was answered after {timer.Elapsed}");
    }

    [Fact]
    public async Task QueryRange_ClientDisconnects_EvaluationStopsAndSlotIsFreed()
    {
        var limiter = fixture.Host.Services.GetRequiredService<TenantQueryLimiter>();
        using var client = fixture.Host.CreateClient(await fixture.Host.CreateTokenAsync(Role.Viewer, "team-cancel"));
        using var cancel = new CancellationTokenSource();
        var request = client.GetAsync(HeavyRange, cancel.Token);
        for (var i = 0; i < 1000 && limiter.Running("team-cancel") == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, limiter.Running("team-cancel"));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var timer = Stopwatch.StartNew();
        while (limiter.Running("team-cancel") != 0 && timer.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, limiter.Running("team-cancel"));
    }
}
