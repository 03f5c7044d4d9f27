using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Nines.Core.Security;
using Nines.Events;
using Nines.Testing;

namespace Nines.Functional.Tests.Ingest;

/// <summary>
/// The OpenTelemetry JS SDK (npm packages pinned by OtelJs/package-lock.json, installed by
/// scripts/test or on first use here) sends traces, metrics and logs to Nines over OTLP/HTTP, in
/// protobuf and in JSON; spans and logs are read back from the events store, metrics with PromQL.
/// </summary>
public sealed class OtelJsTests
{
    [Theory]
    [InlineData("proto")]
    [InlineData("json")]
    public async Task JsSdk_ExportsTracesMetricsLogs_ReadBackExactly(string encoding)
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Viewer, "team-js", ingest: true);
        var run = Guid.NewGuid().ToString("N")[..8];
        var service = "js-" + run;

        var sent = await RunNodeAsync(host.BaseAddress.ToString(), token, encoding, run);

        var store = (EventStore)host.Services.GetService(typeof(EventStore))!;
        await store.FlushAsync();
        var spans = await store.GetTraceAsync("team-js", sent.TraceId);
        Assert.Equal(["GET /checkout", "SELECT orders"], spans.Select(s => s.Name).Order(StringComparer.Ordinal));
        var root = spans.Single(s => s.Name == "GET /checkout");
        var child = spans.Single(s => s.Name == "SELECT orders");
        Assert.Equal((sent.TraceId, sent.RootSpanId, (string?)null), (root.TraceId, root.SpanId, root.ParentSpanId));
        Assert.Equal((sent.ChildSpanId, (string?)sent.RootSpanId), (child.SpanId, child.ParentSpanId));
        Assert.Equal((service, 2, 3, 2, "upstream down", "nines-js-test"), (root.Service, root.Kind, child.Kind, root.StatusCode, root.StatusMessage, root.Scope));
        using (var attributes = JsonDocument.Parse(root.Attributes!))
        {
            Assert.Equal("/checkout", attributes.RootElement.GetProperty("http.route").GetString());
            Assert.Equal(503, attributes.RootElement.GetProperty("http.response.status_code").GetInt64());
            Assert.True(attributes.RootElement.GetProperty("retry").GetBoolean());
        }

        Assert.Contains("\"rows\"", child.Events, StringComparison.Ordinal);

        var logs = await store.FindLogsAsync(new LogQuery { Tenant = "team-js", Service = service });
        Assert.Equal([$"checkout done {run}", $"payment slow {run}"], logs.Select(l => l.Body!).Order(StringComparer.Ordinal));
        var warn = logs.Single(l => l.SeverityText == "WARN");
        Assert.Equal((13, sent.TraceId, sent.RootSpanId), (warn.SeverityNumber, warn.TraceId, warn.SpanId));
        Assert.Contains("\"order.id\":42", warn.Attributes, StringComparison.Ordinal);

        using var client = host.CreateClient(token);
        Assert.Equal("7", await ValueAsync(client, $"js_orders_total{{job=\"{service}\",shop=\"eu\",instance=\"node-1\"}}"));
        Assert.Equal("3", await ValueAsync(client, $"js_latency_seconds_bucket{{job=\"{service}\",le=\"1\"}}"));
        Assert.Equal("1", await ValueAsync(client, $"js_latency_seconds_bucket{{job=\"{service}\",le=\"0.1\"}}"));
        Assert.Equal("4", await ValueAsync(client, $"js_latency_seconds_bucket{{job=\"{service}\",le=\"+Inf\"}}"));
        Assert.Equal("4.25", await ValueAsync(client, $"js_latency_seconds_sum{{job=\"{service}\"}}"));
        Assert.Equal("test", await ValueAsync(client, $"label_replace(target_info{{job=\"{service}\"}}, \"v\", \"$1\", \"deployment_environment\", \"(.*)\")", label: "v"));
    }

    private sealed record Sent(string TraceId, string RootSpanId, string ChildSpanId);

    private static async Task<string> ValueAsync(HttpClient client, string query, string? label = null)
    {
        using var response = await client.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        var root = await HttpAssert.JsonAsync(response);
        var result = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        return label is null
            ? result.GetProperty("value")[1].GetString()!
            : result.GetProperty("metric").GetProperty(label).GetString()!;
    }

    private static async Task<Sent> RunNodeAsync(string baseUrl, string token, string encoding, string run)
    {
        var directory = ClientDirectory();
        await EnsureInstalledAsync(directory);
        var (code, stdout, stderr) = await RunAsync("node", directory, "send.mjs", baseUrl, token, encoding, run);
        Assert.True(code == 0, $"node send.mjs exited {code}: {stderr}");
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        return new Sent(r.GetProperty("traceId").GetString()!, r.GetProperty("rootSpanId").GetString()!, r.GetProperty("childSpanId").GetString()!);
    }

    // scripts/test installs the packages; a developer running this test alone gets them here.
    private static async Task EnsureInstalledAsync(string directory)
    {
        var marker = Path.Combine(directory, "node_modules", ".package-lock.json");
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(Path.Combine(directory, "package-lock.json")))
        {
            return;
        }

        var (code, _, stderr) = await RunAsync("npm", directory, "ci", "--no-audit", "--no-fund");
        Assert.True(code == 0, "npm ci failed: " + stderr);
    }

    // The source tree's copy (where scripts/test ran npm ci), found from this file's compile-time
    // path; the artifacts may live anywhere (--artifacts-path).
    private static string ClientDirectory([CallerFilePath] string thisFile = "")
    {
        var beside = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "OtelJs"));
        if (File.Exists(Path.Combine(beside, "package.json")))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Nines.Functional.Tests", "OtelJs");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Nines.Functional.Tests/OtelJs was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_UPDATE_NOTIFIER"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
