using System.Net;
using System.Text;
using Nines.Events;

namespace Nines.Functional.Tests.Hosting;

public sealed partial class ProcessTests
{
    [Fact]
    public async Task Kill9_WithTracesHeldByTailSampling_AfterRestartTheErrorTraceIsStoredAndTheRestCounted()
    {
        Directory.CreateDirectory(_data);
        var config = Path.Combine(_data, "nines.yaml");
        // A long wait: the trace is still held (acknowledged, undecided) when the process is killed.
        await File.WriteAllTextAsync(config, """
            pipeline:
              tail_sampling:
                enabled: true
                decision_wait: 1m
                probability: 0
            """);
        string[] serve = ["serve", "--config", config, "--data", _data, "--listen", "127.0.0.1:0", "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0"];
        const string failed = "0000000000000000000000000000e9e9";
        const string fast = "0000000000000000000000000000f9f9";
        using (var first = NinesProcess.Start(serve))
        {
            var url = await first.WaitForListeningAsync();
            using var cli = NinesProcess.Start("token", "create", "--role", "viewer", "--ingest", "--name", "otel", "--data", _data);
            Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cli.Stdout.TrimEnd('\n'));

            var response = await client.PostAsync(url + "/v1/traces", new StringContent(Traces((failed, "00000000000000a1", 2), (failed, "00000000000000a2", 0), (fast, "00000000000000b1", 0)), Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        using (var second = NinesProcess.Start(serve))
        {
            await second.WaitForListeningAsync();
            await second.WaitForLineAsync(l => l.Contains("held spans from the last run were recovered", StringComparison.Ordinal));

            // A graceful stop decides every held trace: kept ones are stored before the events store closes.
            second.Signal("TERM");
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using var store = new EventStore(Path.Combine(_data, "events"));
        await store.OpenAsync();
        var kept = await store.GetTraceAsync("default", failed);
        Assert.Equal(["00000000000000a1", "00000000000000a2"], kept.Select(s => s.SpanId).Order(StringComparer.Ordinal));
        Assert.Empty(await store.GetTraceAsync("default", fast));
        Assert.Empty(Directory.GetFiles(Path.Combine(_data, "pipeline", "tail-journal")));
    }

    private static string Traces(params (string TraceId, string SpanId, int Status)[] spans)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var items = spans.Select(s =>
            $$$"""{"traceId":"{{{s.TraceId}}}","spanId":"{{{s.SpanId}}}","name":"GET /","kind":2,"startTimeUnixNano":"{{{now}}}","endTimeUnixNano":"{{{now + 1_000_000}}}","status":{"code":{{{s.Status}}}}}""");
        return $$$"""{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[{{{string.Join(",", items)}}}]}]}]}""";
    }
}
