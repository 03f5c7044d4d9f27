using Nines.Core.Security;
using Nines.Testing.Peers;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>
/// A server holding metrics for the explorer's tests, written once through the real ingest path
/// (remote write with an ingest token). Samples run from 30 minutes ago to 30 minutes ahead, so an
/// instant query at "now" finds them however long the class takes.
/// </summary>
public sealed class ExploreFixture : BrowserFixture
{
    /// <summary>Series of <c>explore_many</c>: more than the chart draws.</summary>
    public const int ManySeries = 1200;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    /// <summary>Writes the test metrics unless they are written already.</summary>
    public async Task SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            var token = await Host.CreateTokenAsync(Role.Viewer, ingest: true);
            using var client = Host.CreateClient(token);
            var write = new Uri(Host.BaseAddress, "/api/v1/write");
            var now = DateTimeOffset.UnixEpoch.AddSeconds(Math.Floor(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 30.0) * 30);
            var payload = new RemoteWritePayload();
            var many = new RemoteWritePayload();
            for (var t = now.AddMinutes(-30); t <= now.AddMinutes(30); t = t.AddSeconds(30))
            {
                var ms = t.ToUnixTimeMilliseconds();
                var step = (ms - now.AddMinutes(-30).ToUnixTimeMilliseconds()) / 30_000;
                payload.Add(["__name__", "explore_requests_total", "job", "api", "instance", "a"], ms, step * 2);
                payload.Add(["__name__", "explore_requests_total", "job", "api", "instance", "b"], ms, step * 3);
                payload.Add(["__name__", "explore_requests_total", "job", "web", "instance", "c"], ms, step * 5);
                payload.Add(["__name__", "explore_temperature_celsius", "room", "kitchen"], ms, 21.5);
                payload.Add(["__name__", "explore_temperature_celsius", "room", "attic"], ms, 30);
                payload.Add(["__name__", "explore_temperature_celsius", "room", "cellar"], ms, 12);
                if (step % 4 == 0)
                {
                    for (var i = 0; i < ManySeries; i++)
                    {
                        many.Add(["__name__", "explore_many", "i", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)], ms, i + step);
                    }
                }
            }

            await RemoteWritePayload.SendAsync(client, write, payload.Encode());
            await RemoteWritePayload.SendAsync(client, write, many.Encode());
            _seeded = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
