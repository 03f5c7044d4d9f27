using System.Net;
using Nines.Testing;

namespace Nines.Functional.Tests.Observability;

public sealed class HealthTests
{
    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/healthz/startup")]
    public async Task Probe_RunningServer_AnswersHealthyWithoutAuth(string path)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        var json = await HttpAssert.JsonAsync(await client.GetAsync(path));
        Assert.Equal("healthy", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ReportsStoreAndLifetimeChecks()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        var json = await HttpAssert.JsonAsync(await client.GetAsync("/healthz/ready"));
        var checks = json.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("lifetime").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("startup").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_AfterShutdownBegins_NotReady()
    {
        await using var host = await NinesTestHost.StartAsync();
        var lifetime = (IHostApplicationLifetime)host.Services.GetService(typeof(IHostApplicationLifetime))!;
        var checks = host.Services.GetService(typeof(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService)) as Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService;
        Assert.NotNull(checks);
        lifetime.StopApplication();
        var report = await checks!.CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Status);
        Assert.Contains("shutting down", report.Entries["lifetime"].Description, StringComparison.Ordinal);
    }
}
