using System.Net;
using System.Text.Json;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Functional.Tests.Observability;

public sealed class CorrelationTests
{
    [Fact]
    public async Task Traceparent_Honoured_ResponseCarriesSameTraceId()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nines/v1/whoami");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var returned = response.Headers.GetValues("traceparent").Single();
        Assert.Matches($"^00-{traceId}-[0-9a-f]{{16}}-01$", returned);
        Assert.DoesNotContain("00f067aa0ba902b7", returned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestId_Echoed_AndInProblemBodies()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nines/v1/whoami");
        request.Headers.Add("X-Request-Id", "req-123.abc");
        var response = await client.SendAsync(request);
        Assert.Equal("req-123.abc", response.Headers.GetValues("X-Request-Id").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("req-123.abc", doc.RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task RequestId_Insane_Replaced()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "evil\"<script>");
        var response = await client.SendAsync(request);
        Assert.Matches("^[0-9a-zA-Z:._-]+$", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Metrics_PrometheusText_WithRequestRedMetrics()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/api/nines/v1/whoami");
        }

        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/api/nines/v1/whoami\"[^}]*\\} [3-9]", text);
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);
        Assert.Contains("nines_store_operation", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesNinesApi()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        var response = await client.GetAsync("/openapi");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/nines/v1/tokens", out _) || paths.TryGetProperty("/api/nines/v1/tokens/", out _), paths.ToString());
        Assert.True(paths.TryGetProperty("/api/nines/v1/whoami", out _));
        Assert.Equal("Nines API", doc.RootElement.GetProperty("info").GetProperty("title").GetString());
    }
}
