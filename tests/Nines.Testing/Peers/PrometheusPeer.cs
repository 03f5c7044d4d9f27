using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nines.Testing.Peers;

/// <summary>
/// Debian's real Prometheus (/usr/bin/prometheus, 2.42) on a free loopback port with a temporary
/// data directory and the remote write receiver on, scraping nothing: tests push remote write
/// payloads into it and query its HTTP API as the reference. Disposing kills the process and
/// deletes the directory.
/// </summary>
public sealed class PrometheusPeer : IAsyncDisposable
{
    /// <summary>Where Debian installs Prometheus.</summary>
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log;

    private PrometheusPeer(Process process, string dir, Uri baseAddress, StringBuilder log)
    {
        _process = process;
        _dir = dir;
        BaseAddress = baseAddress;
        _log = log;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the peer's HTTP API.</summary>
    public HttpClient Client { get; }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus and waits until /-/ready answers 200.</summary>
    /// <exception cref="InvalidOperationException">Prometheus is not installed, exits, or is not ready within a minute.</exception>
    public static Task<PrometheusPeer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync("global:\n  scrape_interval: 1h\n", [], cancellationToken);

    /// <summary>
    /// Starts Prometheus with <paramref name="configYaml"/> as prometheus.yml and extra flags
    /// (e.g. <c>--enable-feature=exemplar-storage</c>), and waits until /-/ready answers 200.
    /// </summary>
    /// <exception cref="InvalidOperationException">Prometheus is not installed, exits, or is not ready within a minute.</exception>
    public static Task<PrometheusPeer> StartAsync(string configYaml, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken = default) =>
        StartAsync(configYaml, extraArguments, [], cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(string, IReadOnlyList{string}, CancellationToken)"/>, with copies of
    /// <paramref name="blockDirectories"/> (TSDB block directories) in the data directory, so
    /// Prometheus opens and serves them.
    /// </summary>
    /// <exception cref="InvalidOperationException">Prometheus is not installed, exits, or is not ready within a minute.</exception>
    public static async Task<PrometheusPeer> StartAsync(string configYaml, IReadOnlyList<string> extraArguments, IReadOnlyList<string> blockDirectories, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is not installed: run scripts/test, which installs Debian's prometheus");
        }

        var dir = Path.Combine(Path.GetTempPath(), "nines-peer-prom-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        foreach (var block in blockDirectories)
        {
            CopyDirectory(block, Path.Combine(dir, "data", Path.GetFileName(Path.TrimEndingDirectorySeparator(block))));
        }

        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml, cancellationToken);
        var port = FreePort();
        var log = new StringBuilder();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(Binary)
            {
                ArgumentList =
                {
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + Path.Combine(dir, "data"),
                    "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                    "--web.enable-remote-write-receiver",
                    "--log.level=warn",
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        foreach (var argument in extraArguments)
        {
            process.StartInfo.ArgumentList.Add(argument);
        }

        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var peer = new PrometheusPeer(process, dir, new Uri($"http://127.0.0.1:{port}/"), log);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("prometheus exited at start: " + peer.Log);
                }

                try
                {
                    using var ready = await peer.Client.GetAsync("-/ready", cancellationToken);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return peer;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (deadline.Elapsed > TimeSpan.FromMinutes(1))
                {
                    throw new InvalidOperationException("prometheus was not ready within a minute: " + peer.Log);
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pushes one remote write 1.0 body (see <see cref="RemoteWritePayload"/>).</summary>
    public Task PushAsync(byte[] body, CancellationToken cancellationToken = default) =>
        RemoteWritePayload.SendAsync(Client, new Uri(BaseAddress, "api/v1/write"), body, cancellationToken);

    /// <summary>Kills Prometheus and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.Length < 64 * 1024)
            {
                log.AppendLine(line);
            }
        }
    }
}
