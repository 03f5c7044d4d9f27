using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nines.Ingest.Scrape;

namespace Nines.Ingest.Tests.Scrape;

public class ScrapeLoopTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public void FirstScrape_PlacesTheScrapeAtTheOffsetWithinTheInterval()
    {
        var now = DateTimeOffset.UnixEpoch.AddSeconds(1002);

        var first = ScrapeLoop.FirstScrape(now, Interval, TimeSpan.FromSeconds(4));

        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1009), first);
        Assert.Equal(now, ScrapeLoop.FirstScrape(now, Interval, TimeSpan.FromSeconds(12)));
    }

    [Fact]
    public async Task Start_ScrapesAtOffsetThenEveryInterval_WithSchedulingTimestamps()
    {
        var (loop, time, target, sink, job) = CreateSut();
        var first = ScrapeLoop.FirstScrape(time.GetUtcNow(), Interval, loop.Target.Offset(Interval));

        loop.Start(CancellationToken.None);
        time.Advance(first - time.GetUtcNow());
        await WaitFor(() => loop.Scrapes == 1);
        time.Advance(Interval);
        await WaitFor(() => loop.Scrapes == 2);
        await loop.StopAsync(targetGone: false);

        Assert.Equal(
            [first.ToUnixTimeMilliseconds(), first.Add(Interval).ToUnixTimeMilliseconds()],
            sink.Named("up").Select(s => s.Timestamp));
        Assert.All(sink.Named("up"), s => Assert.Equal(1, s.Value));
        var request = target.Requests[0];
        Assert.Equal(ScrapeJob.AcceptHeader, request.Headers.NonValidated["Accept"].ToString());
        Assert.Equal("10", request.Headers.GetValues("X-Prometheus-Scrape-Timeout-Seconds").Single());
        Assert.Equal(("Bearer", "t0ken"), (request.Headers.Authorization!.Scheme, request.Headers.Authorization.Parameter));
        job.Dispose();
    }

    [Fact]
    public async Task ScrapeOnce_TargetTooSlow_TimesOutWithUpZero()
    {
        var (loop, time, target, sink, job) = CreateSut();
        target.Respond = async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return FakeTarget.Text("");
        };

        var scrape = loop.ScrapeOnceAsync(time.GetUtcNow(), CancellationToken.None);
        await WaitFor(() => target.Requests.Count == 1);
        time.Advance(TimeSpan.FromSeconds(10));
        await scrape;

        Assert.Equal(0, Assert.Single(sink.Named("up")).Value);
        Assert.Contains("timed out", loop.LastError, StringComparison.Ordinal);
        job.Dispose();
    }

    [Fact]
    public async Task ScrapeOnce_HttpError_ReportsStatusAndMarksSeriesStale()
    {
        var (loop, time, target, sink, job) = CreateSut();
        target.Respond = (_, _) => Task.FromResult(FakeTarget.Text("a 1\n"));
        await loop.ScrapeOnceAsync(time.GetUtcNow(), CancellationToken.None);
        target.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = "Service Unavailable" });

        await loop.ScrapeOnceAsync(time.GetUtcNow().AddSeconds(15), CancellationToken.None);

        Assert.Equal("server returned HTTP status 503 Service Unavailable", loop.LastError);
        var a = sink.Named("a");
        Assert.Equal(2, a.Count);
        Assert.True(ScrapeFormat.IsStale(a[1].Value));
        Assert.Equal([1.0, 0.0], sink.Named("up").Select(s => s.Value));
        job.Dispose();
    }

    [Fact]
    public async Task ScrapeOnce_BodyOverLimit_FailsTheScrape()
    {
        var (loop, time, target, _, job) = CreateSut(c => c.BodySizeLimit = 8);
        target.Respond = (_, _) => Task.FromResult(FakeTarget.Text("a_long_metric_name 1\n"));

        await loop.ScrapeOnceAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.Contains("body size limit exceeded", loop.LastError, StringComparison.Ordinal);
        job.Dispose();
    }

    [Fact]
    public async Task StopAsync_TargetGone_MarksEverySeriesStaleAtTheNextScheduledScrape()
    {
        var (loop, time, _, sink, job) = CreateSut();
        var first = ScrapeLoop.FirstScrape(time.GetUtcNow(), Interval, loop.Target.Offset(Interval));
        loop.Start(CancellationToken.None);
        time.Advance(first - time.GetUtcNow());
        await WaitFor(() => loop.Scrapes == 1);

        var stopped = loop.StopAsync(targetGone: true);
        time.Advance(Interval);
        await stopped;

        var up = sink.Named("up");
        Assert.Equal(2, up.Count);
        Assert.True(ScrapeFormat.IsStale(up[1].Value));
        Assert.Equal(first.Add(Interval).ToUnixTimeMilliseconds(), up[1].Timestamp);
        Assert.True(ScrapeFormat.IsStale(sink.Named("up_metric")[1].Value));
        job.Dispose();
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        // The loop runs on the thread pool; the fake clock only decides when it is due.
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private static (ScrapeLoop Loop, FakeTimeProvider Time, FakeTarget Target, RecordingSink Sink, ScrapeJob Job) CreateSut(Action<ScrapeConfig>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000));
        var config = new ScrapeConfig { JobName = "node", ScrapeInterval = Interval, Authorization = new AuthorizationConfig { Credentials = "t0ken" } };
        configure?.Invoke(config);
        var target = new FakeTarget();
        var job = new ScrapeJob(config, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), target);
        var scrapeTarget = ScrapeTarget.Create(config, job.Interval, job.Timeout, job.TargetRules, "host:9100", [])!;
        var sink = new RecordingSink();
        return (new ScrapeLoop(job, scrapeTarget, sink, time, NullLogger.Instance), time, target, sink, job);
    }
}
