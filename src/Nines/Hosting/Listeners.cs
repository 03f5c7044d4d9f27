using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nines.Configuration;

namespace Nines.Hosting;

/// <summary>
/// The server's sockets: the main HTTP port (UI and every HTTP API), OTLP/gRPC (HTTP/2 without
/// TLS, as OTLP exporters send to <c>http://…:4317</c>) and OTLP/HTTP. Each keeps its Kestrel
/// <see cref="ListenOptions"/> so that the real port is known after binding port 0.
/// </summary>
internal sealed class Listeners
{
    private ListenOptions? _main;
    private ListenOptions? _otlpGrpc;
    private ListenOptions? _otlpHttp;

    private Listeners(ListenAddress main, ListenAddress? otlpGrpc, ListenAddress? otlpHttp)
    {
        Main = main;
        OtlpGrpc = otlpGrpc;
        OtlpHttp = otlpHttp;
    }

    public ListenAddress Main { get; }

    public ListenAddress? OtlpGrpc { get; }

    public ListenAddress? OtlpHttp { get; }

    /// <summary>Parses the configured addresses, or throws <see cref="StartupException"/>.</summary>
    public static Listeners From(ServerOptions server) =>
        new(Parse("server.listen", server.Listen)!, Parse("server.otlp_grpc_listen", server.OtlpGrpcListen), Parse("server.otlp_http_listen", server.OtlpHttpListen));

    public void Configure(KestrelServerOptions kestrel)
    {
        _main = Bind(kestrel, Main, HttpProtocols.Http1AndHttp2, "server.listen");
        if (OtlpGrpc is not null)
        {
            _otlpGrpc = Bind(kestrel, OtlpGrpc, HttpProtocols.Http2, "server.otlp_grpc_listen");
        }

        if (OtlpHttp is not null)
        {
            _otlpHttp = Bind(kestrel, OtlpHttp, HttpProtocols.Http1AndHttp2, "server.otlp_http_listen");
        }
    }

    /// <summary>The main port as bound (the configured one, or the one the OS picked for 0).</summary>
    public int MainPort => PortOf(_main, Main);

    /// <summary>http://HOST:PORT of the OTLP/gRPC receiver as bound, or null when off.</summary>
    public Uri? OtlpGrpcUrl => OtlpGrpc is null ? null : Url(OtlpGrpc, PortOf(_otlpGrpc, OtlpGrpc));

    /// <summary>http://HOST:PORT of the OTLP/HTTP receiver as bound, or null when off.</summary>
    public Uri? OtlpHttpUrl => OtlpHttp is null ? null : Url(OtlpHttp, PortOf(_otlpHttp, OtlpHttp));

    /// <summary>A URL a client on this machine can use for <paramref name="address"/>.</summary>
    public static Uri Url(ListenAddress address, int port)
    {
        var host = address.IsAnyAddress ? (address.Host.Contains(':', StringComparison.Ordinal) ? "[::1]" : "127.0.0.1") : address.UrlHost;
        return new Uri($"http://{host}:{port}");
    }

    private static ListenAddress? Parse(string key, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return ListenAddress.TryParse(text, out var address, out var error) && address is not null
            ? address
            : throw new StartupException($"{key}: {error}");
    }

    private static ListenOptions? Bind(KestrelServerOptions kestrel, ListenAddress address, HttpProtocols protocols, string key)
    {
        ListenOptions? captured = null;
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, o => o.Protocols = protocols);
            return null;
        }

        if (!IPAddress.TryParse(address.Host, out var ip))
        {
            throw new StartupException($"{key}: '{address.Host}' is a host name; listen on an IP address (0.0.0.0 for every interface) or localhost");
        }

        kestrel.Listen(ip, address.Port, o =>
        {
            o.Protocols = protocols;
            captured = o;
        });
        return captured;
    }

    private static int PortOf(ListenOptions? options, ListenAddress address) =>
        options?.IPEndPoint is { Port: > 0 } bound ? bound.Port : address.Port;
}
