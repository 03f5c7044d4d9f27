using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nines.Core.Security;
using Nines.Query.Http;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// The per-tenant query limit: while a tenant's slots are all taken (here held directly through
/// the server's limiter, as long-running queries would hold them), further queries wait in a
/// bounded queue, and one more than the queue holds is answered 503 with Retry-After at once.
/// Other tenants are not affected.
/// </summary>
public sealed class QueryConcurrencyTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    [Fact]
    public async Task Query_TenantSlotsAndQueueFull_503WithRetryAfter_OtherTenantUnaffected()
    {
        var limiter = fixture.Host.Services.GetRequiredService<TenantQueryLimiter>();
        var options = fixture.Host.Services.GetRequiredService<Nines.Query.QueryApiOptions>();
        using var client = fixture.Host.CreateClient(await fixture.Host.CreateTokenAsync(Role.Viewer, "team-busy"));
        var held = new List<IDisposable>();
        for (var i = 0; i < options.MaxConcurrentQueriesPerTenant; i++)
        {
            held.Add((await limiter.AcquireAsync("team-busy", CancellationToken.None))!);
        }

        var queued = new List<Task<HttpResponseMessage>>();
        try
        {
            for (var i = 0; i < options.MaxQueuedQueriesPerTenant; i++)
            {
                queued.Add(client.GetAsync("/api/v1/query?query=1&time=1"));
            }

            // Once every one of them waits in the queue, one more is refused at once.
            for (var attempt = 0; attempt < 200 && limiter.Queued("team-busy") < options.MaxQueuedQueriesPerTenant; attempt++)
            {
                await Task.Delay(25);
            }

            Assert.Equal(options.MaxQueuedQueriesPerTenant, limiter.Queued("team-busy"));
            using var refused = await client.GetAsync("/api/v1/query?query=1&time=1");
            var error = await PrometheusApiErrorTests.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.Contains("too many concurrent queries", error, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(options.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            Assert.All(queued, t => Assert.False(t.IsCompleted));

            // Another tenant is not held up by team-busy's queue.
            using var other = await fixture.TeamA.GetAsync("/api/v1/label/__name__/values");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            using var otherQuery = await fixture.TeamA.GetAsync("/api/v1/query?query=1&time=1");
            Assert.NotEqual(HttpStatusCode.ServiceUnavailable, otherQuery.StatusCode);
        }
        finally
        {
            foreach (var lease in held)
            {
                lease.Dispose();
            }
        }

        // Released slots let the queued queries run: none of them was refused.
        foreach (var response in await Task.WhenAll(queued))
        {
            Assert.NotEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            response.Dispose();
        }
    }
}
