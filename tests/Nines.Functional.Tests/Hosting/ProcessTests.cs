using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nines.Functional.Tests.Hosting;

/// <summary>The real <c>nines</c> binary as an operator runs it: a child process, signals, stdout.</summary>
public sealed partial class ProcessTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "nines-proc-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public async Task Serve_LogsJsonWithTraceId_AndSigtermExitsZero()
    {
        using var nines = NinesProcess.Start("serve", "--data", _data, "--listen", "127.0.0.1:0", "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0");
        var url = await nines.WaitForListeningAsync();
        Assert.Contains("/setup/nines_", await nines.WaitForLineAsync(l => l.Contains("First start", StringComparison.Ordinal)), StringComparison.Ordinal);

        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using (var client = new HttpClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, url + "/healthz/ready"))
        {
            request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
            Assert.True((await client.SendAsync(request)).IsSuccessStatusCode);
        }

        var logged = await nines.WaitForLineAsync(l => l.StartsWith('{') && l.Contains(traceId, StringComparison.Ordinal));
        using (var doc = JsonDocument.Parse(logged))
        {
            Assert.True(doc.RootElement.TryGetProperty("Timestamp", out _));
            Assert.True(doc.RootElement.TryGetProperty("LogLevel", out _));
            Assert.Contains(traceId, doc.RootElement.GetProperty("Scopes").ToString(), StringComparison.Ordinal);
        }

        nines.Signal("TERM");
        Assert.Equal(0, await nines.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_PortInUse_Exit3WithOneLine()
    {
        using var first = NinesProcess.Start("serve", "--data", _data, "--listen", "127.0.0.1:0", "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0");
        var url = new Uri(await first.WaitForListeningAsync());
        using var second = NinesProcess.Start("serve", "--data", _data + "-2", "--listen", $"127.0.0.1:{url.Port}", "--otlp-grpc", "", "--otlp-http", "");
        Assert.Equal(3, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var errors = second.Stderr.Trim().Split('\n');
        Assert.Single(errors);
        Assert.Contains("in use", errors[0], StringComparison.Ordinal);
        first.Signal("TERM");
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        try
        {
            Directory.Delete(_data + "-2", recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task TokenCreate_BesideRunningServer_PrintsOnlyTheToken_WhichWorks()
    {
        using var server = NinesProcess.Start("serve", "--data", _data, "--listen", "127.0.0.1:0", "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0");
        var url = await server.WaitForListeningAsync();
        using var cli = NinesProcess.Start("token", "create", "--role", "viewer", "--name", "script", "--data", _data);
        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var token = cli.Stdout.TrimEnd('\n');
        Assert.Matches("^nines_[A-Za-z0-9_-]{43}$", token);

        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var me = await client.GetStringAsync(url + "/api/nines/v1/whoami");
        Assert.Contains("\"role\":\"viewer\"", me, StringComparison.Ordinal);
        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private sealed partial class NinesProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];
        private readonly System.Text.StringBuilder _stdout = new();
        private readonly System.Text.StringBuilder _stderr = new();
        private readonly SemaphoreSlim _changed = new(0);

        private NinesProcess(Process process) => _process = process;

        public string Stdout
        {
            get
            {
                lock (_lines)
                {
                    return _stdout.ToString();
                }
            }
        }

        public string Stderr
        {
            get
            {
                lock (_lines)
                {
                    return _stderr.ToString();
                }
            }
        }

        public static NinesProcess Start(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nines.dll"));
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["NINES_LOG__FORMAT"] = "json";
            // Request lines (which carry the trace id) are logged at debug.
            info.Environment["NINES_LOG__LEVEL"] = "debug";
            var process = new Process { StartInfo = info };
            var wrapper = new NinesProcess(process);
            process.OutputDataReceived += (_, e) => wrapper.Add(e.Data, wrapper._stdout);
            process.ErrorDataReceived += (_, e) => wrapper.Add(e.Data, wrapper._stderr);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return wrapper;
        }

        public async Task<string> WaitForListeningAsync()
        {
            var line = await WaitForLineAsync(l => l.StartsWith("nines ", StringComparison.Ordinal) && l.Contains(" listening on ", StringComparison.Ordinal));
            return ListeningUrl().Match(line).Groups[1].Value;
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> predicate)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                lock (_lines)
                {
                    foreach (var line in _lines)
                    {
                        if (predicate(line))
                        {
                            return line;
                        }
                    }
                }

                if (_process.HasExited)
                {
                    break;
                }

                await _changed.WaitAsync(TimeSpan.FromMilliseconds(200));
            }

            throw new TimeoutException($"no such line; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
            kill!.WaitForExit();
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
            _changed.Dispose();
        }

        private void Add(string? line, System.Text.StringBuilder sink)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line);
                sink.Append(line).Append('\n');
            }

            _changed.Release();
        }

        [GeneratedRegex("listening on (http://[^ ]+)")]
        private static partial Regex ListeningUrl();
    }
}
