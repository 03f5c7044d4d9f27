using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nines.Bench.Peers;

/// <summary>A server under test, started as its own process on a free loopback port with a fresh data directory.</summary>
internal sealed class Peer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    private Peer(string name, Process process, string dataDir, Uri baseUri, string readyPath, string? token)
    {
        Token = token;
        Name = name;
        _process = process;
        _dataDir = dataDir;
        BaseUri = baseUri;
        ReadyPath = readyPath;
    }

    public string Name { get; }

    public Uri BaseUri { get; }

    public string ReadyPath { get; }

    public int Pid => _process.Id;

    /// <summary>Bearer token for writes (Nines: an ingest token created before start; the peers need none).</summary>
    public string? Token { get; }

    /// <param name="prepare">Called with the fresh data directory before the process starts (to put blocks in place).</param>
    public static Peer Start(string name, string ninesDll, Action<string>? prepare = null)
    {
        var port = FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "nines-bench-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        prepare?.Invoke(dir);
        var listen = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        ProcessStartInfo info;
        string ready;
        string? token = null;
        switch (name)
        {
            case "nines" or "nines-baseline":
                token = CreateNinesToken(ninesDll, dir);
                info = new ProcessStartInfo("dotnet") { ArgumentList = { ninesDll, "serve", "--data", dir, "--listen", listen, "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0" } };
                ready = "/healthz/ready";
                break;
            case "victoria-metrics":
                info = new ProcessStartInfo("victoria-metrics") { ArgumentList = { "-storageDataPath=" + dir, "-httpListenAddr=" + listen, "-loggerLevel=ERROR" } };
                ready = "/health";
                break;
            case "prometheus":
                var config = Path.Combine(dir, "prometheus.yml");
                File.WriteAllText(config, "global:\n  scrape_interval: 1m\n");
                info = new ProcessStartInfo("prometheus")
                {
                    ArgumentList = { "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(dir, "data"), "--web.listen-address=" + listen, "--web.enable-remote-write-receiver", "--log.level=error" },
                };
                ready = "/-/ready";
                break;
            default:
                throw new ArgumentException("unknown peer " + name, nameof(name));
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + name);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && (line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("panic", StringComparison.OrdinalIgnoreCase)))
            {
                Console.Error.WriteLine($"[{name}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Peer(name, process, dir, new Uri("http://" + listen), ready, token);
    }

    public async Task WaitReadyAsync(HttpClient client, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseUri, ReadyPath));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready within {limit.TotalSeconds:F0} s");
    }

    /// <summary>User + system CPU seconds the process has used (/proc/PID/stat utime, stime).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the comm field, utime and stime are fields 14 and 15 of the line, i.e. 11 and 12 here.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>Resident set size in bytes (/proc/PID/status VmRSS).</summary>
    public long RssBytes() => StatusKilobytes("VmRSS:") * 1024;

    private long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark (VmHWM) to the current RSS by writing 5 to
    /// /proc/PID/clear_refs (Linux 4.0+), so <see cref="PeakRssBytes"/> covers only what follows.
    /// </summary>
    public bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes since start or the last <see cref="ResetPeakRss"/> (/proc/PID/status VmHWM).</summary>
    public long PeakRssBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Bytes under the data directory (after the peer flushed on shutdown).</summary>
    public long DiskBytes()
    {
        long total = 0;
        foreach (var file in Directory.EnumerateFiles(_dataDir, "*", SearchOption.AllDirectories))
        {
            try
            {
                total += new FileInfo(file).Length;
            }
            catch (IOException)
            {
            }
        }

        return total;
    }

    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        // SIGTERM: each peer flushes on a graceful stop.
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string CreateNinesToken(string ninesDll, string dir)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { ninesDll, "token", "create", "--data", dir, "--role", "viewer", "--ingest", "--name", "bench" }, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run nines token create");
        var token = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || token.Length == 0)
        {
            throw new InvalidOperationException("nines token create failed with exit code " + process.ExitCode);
        }

        return token;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
