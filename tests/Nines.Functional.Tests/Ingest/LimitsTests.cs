using System.Net;
using System.Net.Http.Json;
using System.Text;
using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;

namespace Nines.Functional.Tests.Ingest;

// Reads its host's /metrics, which another host alive at the same time can shadow (see SelfMetricsCollection).
[Collection(SelfMetricsCollection.Name)]
public sealed class LimitsTests
{
    private static async Task<HttpResponseMessage> WriteAsync(HttpClient client, RemoteWritePayload payload)
    {
        var content = new ByteArrayContent(payload.Encode());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        return await client.PostAsync("/api/v1/write", content);
    }

    internal static async Task SetLimitsAsync(HttpClient admin, string json)
    {
        var response = await admin.PutAsync("/api/nines/v1/limits", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Write_OverSamplesRate_429WithRetryAfterNamingTheLimit_AndCountedPerTenant()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        await SetLimitsAsync(admin, """{"samples_per_second": 10, "samples_burst": 100}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var first = new RemoteWritePayload();
        for (var i = 0; i < 150; i++)
        {
            first.Add(["__name__", "requests_total", "pod", "p" + i], now, i);
        }

        // A full bucket lets one request through even if larger than the burst; it leaves a debt.
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(sender, first)).StatusCode);
        var second = await WriteAsync(sender, new RemoteWritePayload().Add(["__name__", "requests_total", "pod", "p0"], now + 1000, 1));

        var detail = await HttpAssert.ProblemAsync(second, HttpStatusCode.TooManyRequests);
        Assert.Contains("samples_per_second (10/s)", detail, StringComparison.Ordinal);
        Assert.Contains("'default'", detail, StringComparison.Ordinal);
        Assert.True(int.Parse(second.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        var metrics = await viewer.GetStringAsync("/metrics");
        var rejected = metrics.Split('\n').Where(l => l.StartsWith("nines_ingest_rejected", StringComparison.Ordinal) && l.Contains("reason=\"samples_per_second\"", StringComparison.Ordinal)).ToList();
        Assert.Single(rejected);
        Assert.Contains("tenant=\"default\"", rejected[0], StringComparison.Ordinal);
        Assert.EndsWith(" 1", rejected[0].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLimits_AfterWritesAndARejection_UsageShowsSeriesRateAndRejections()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        await SetLimitsAsync(admin, """{"max_series_per_metric": 2}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(sender, new RemoteWritePayload().Add(["__name__", "m", "i", "1"], now, 1).Add(["__name__", "m", "i", "2"], now, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await WriteAsync(sender, new RemoteWritePayload().Add(["__name__", "m", "i", "3"], now, 1))).StatusCode);

        var usage = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/nines/v1/limits"))).GetProperty("usage");

        Assert.Equal(2, usage.GetProperty("active_series").GetInt64());
        Assert.Equal(2 / 60.0, usage.GetProperty("samples_per_second").GetDouble(), 6);
        var rejection = Assert.Single(usage.GetProperty("rejections").EnumerateArray());
        Assert.Equal(("samples", "max_series_per_metric", 1L), (rejection.GetProperty("signal").GetString(), rejection.GetProperty("reason").GetString(), rejection.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Write_OverSamplesRate_OtherTenantUnaffected()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var limited = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var other = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-b", ingest: true));
        await SetLimitsAsync(admin, """{"samples_per_second": 1, "samples_burst": 1}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(limited, new RemoteWritePayload().Add(["__name__", "a", "i", "1"], now, 1).Add(["__name__", "a", "i", "2"], now, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await WriteAsync(limited, new RemoteWritePayload().Add(["__name__", "a", "i", "1"], now + 1, 1))).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(other, new RemoteWritePayload().Add(["__name__", "a"], now + i, 1))).StatusCode);
        }
    }

    [Fact]
    public async Task Write_SeriesOverLabelLimits_400NamingTheLimit_ValidSeriesStored()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        await SetLimitsAsync(admin, """{"max_label_names_per_series": 3, "max_label_value_length": 10}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var payload = new RemoteWritePayload()
            .Add(["__name__", "ok_metric", "job", "api"], now, 1)
            .Add(["__name__", "wide_metric", "a", "1", "b", "2", "c", "3"], now, 1)
            .Add(["__name__", "long_metric", "user", "an-email-address@example.com"], now, 1);

        var detail = await HttpAssert.ProblemAsync(await WriteAsync(sender, payload), HttpStatusCode.BadRequest);

        Assert.Contains("max_label_names_per_series (3)", detail, StringComparison.Ordinal);
        Assert.Contains("2 series (2 samples) were not stored", detail, StringComparison.Ordinal);
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        var names = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/v1/label/__name__/values"));
        Assert.Equal(["ok_metric"], names.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Write_NewSeriesOverSeriesLimits_429NamingTheLimit_ExistingSeriesStillAccepted()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        await SetLimitsAsync(admin, """{"max_series_per_metric": 2, "max_active_series": 3}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var perMetric = await WriteAsync(sender, new RemoteWritePayload()
            .Add(["__name__", "exploding", "user", "1"], now, 1)
            .Add(["__name__", "exploding", "user", "2"], now, 1)
            .Add(["__name__", "exploding", "user", "3"], now, 1));
        var perMetricDetail = await HttpAssert.ProblemAsync(perMetric, HttpStatusCode.TooManyRequests);
        var active = await WriteAsync(sender, new RemoteWritePayload().Add(["__name__", "other", "x", "1"], now, 1).Add(["__name__", "third", "x", "1"], now, 1));
        var activeDetail = await HttpAssert.ProblemAsync(active, HttpStatusCode.TooManyRequests);
        var existing = await WriteAsync(sender, new RemoteWritePayload().Add(["__name__", "exploding", "user", "1"], now + 15_000, 2));

        Assert.Contains("max_series_per_metric (2)", perMetricDetail, StringComparison.Ordinal);
        Assert.Contains("1 new series (1 samples) were not stored", perMetricDetail, StringComparison.Ordinal);
        Assert.Contains("max_active_series (3)", activeDetail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, existing.StatusCode);
        var names = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/v1/label/__name__/values"));
        Assert.Equal(["exploding", "other"], names.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        var limits = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/nines/v1/limits"));
        Assert.Equal(3, limits.GetProperty("usage").GetProperty("active_series").GetInt64());
    }

    [Fact]
    public async Task PutLimits_ThenGet_ShowsEffectiveDefaultAndOverride_AndAudited()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        await SetLimitsAsync(admin, """{"logs_per_second": 5000, "max_active_series": 10}""");
        await SetLimitsAsync(admin, """{"max_active_series": null}""");

        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        var view = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/nines/v1/limits"));

        var limits = view.GetProperty("limits").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!);
        Assert.Equal(9, limits.Count);
        Assert.Equal((5000, 0, true), (limits["logs_per_second"].GetProperty("value").GetInt64(), limits["logs_per_second"].GetProperty("default").GetInt64(), limits["logs_per_second"].GetProperty("overridden").GetBoolean()));
        Assert.Equal((5_000_000, false), (limits["max_active_series"].GetProperty("value").GetInt64(), limits["max_active_series"].GetProperty("overridden").GetBoolean()));
        Assert.Equal("default", view.GetProperty("tenant").GetString());
        var audit = await HttpAssert.JsonAsync(await admin.GetAsync("/api/nines/v1/audit?action=tenant.limits.update"));
        Assert.Equal(2, audit.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task PutLimits_UnknownKeyNegativeOrWrongType_400AndNothingChanged()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));

        var unknown = await HttpAssert.ProblemAsync(await admin.PutAsync("/api/nines/v1/limits", new StringContent("""{"samples_per_minute": 5}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        var negative = await HttpAssert.ProblemAsync(await admin.PutAsync("/api/nines/v1/limits", new StringContent("""{"spans_per_second": -1}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await admin.PutAsync("/api/nines/v1/limits", new StringContent("""{"spans_per_second": "lots"}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.Contains("'samples_per_minute' is not a limit", unknown, StringComparison.Ordinal);
        Assert.Contains("samples_per_second", unknown, StringComparison.Ordinal);
        Assert.Contains("spans_per_second: must be 0 (unlimited) or positive", negative, StringComparison.Ordinal);
        var view = await HttpAssert.JsonAsync(await admin.GetAsync("/api/nines/v1/limits"));
        Assert.All(view.GetProperty("limits").EnumerateArray(), l => Assert.False(l.GetProperty("overridden").GetBoolean()));
    }
}
