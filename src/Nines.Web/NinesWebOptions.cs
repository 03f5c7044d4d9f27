namespace Nines.Web;

/// <summary>Settings of the UI that the host knows and the UI cannot find out itself.</summary>
public sealed class NinesWebOptions
{
    /// <summary>The version shown on the Overview page. Default: the entry assembly's informational version.</summary>
    public string? Version { get; set; }

    /// <summary>
    /// The URL users reach Nines at (<c>server.public_url</c>), used in the set-up links the admin
    /// pages show. When empty, links use the scheme and host of the admin's own request.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The OTLP/gRPC receiver's HOST:PORT (<c>server.otlp_grpc_listen</c>); null when off.</summary>
    public string? OtlpGrpcListen { get; set; }

    /// <summary>The OTLP/HTTP receiver's HOST:PORT (<c>server.otlp_http_listen</c>); null when off.</summary>
    public string? OtlpHttpListen { get; set; }
}
