using Nines.Metrics.Labels;
using Nines.Metrics.Storage;
using Nines.Testing;

namespace Nines.Functional.Tests.Hosting;

public sealed class MetricsStorageHostTests
{
    [Fact]
    public async Task AcknowledgedSamples_SurviveRestart_AndTenantsStaySeparate()
    {
        var data = Path.Combine(Path.GetTempPath(), "nines-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var labels = LabelSet.FromStrings("__name__", "http_requests_total", "job", "api");
            await using (var host = await NinesTestHost.StartAsync(dataPath: data))
            {
                var tenants = (TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!;
                var storage = await tenants.GetAsync("team-a");
                var batch = new MetricsBatch();
                batch.Add(labels, [1_000, 16_000, 31_000], [1, 2, 3]);
                var outcome = await storage.AppendAsync(batch);
                Assert.Equal(3, outcome.Accepted);
            }

            await using (var again = await NinesTestHost.StartAsync(dataPath: data))
            {
                var tenants = (TenantMetricsStorage)again.Services.GetService(typeof(TenantMetricsStorage))!;
                Assert.Contains("team-a", tenants.OpenTenants);
                var storage = await tenants.GetAsync("team-a");
                Assert.Equal(3, storage.ReplayReport.Samples);
                Assert.Equal(1, storage.Head.SeriesCount);
                var other = await tenants.GetAsync("team-b");
                Assert.Equal(0, other.Head.SeriesCount);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task MalformedTenant_Refused()
    {
        await using var host = await NinesTestHost.StartAsync();
        var tenants = (TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!;
        await Assert.ThrowsAsync<ArgumentException>(() => tenants.GetAsync("../escape"));
    }
}
