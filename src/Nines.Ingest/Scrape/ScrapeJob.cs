using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nines.Ingest.Scrape;

/// <summary>A scrape_config made ready to run: effective interval and timeout, compiled rules, its HTTP client.</summary>
internal sealed class ScrapeJob : IDisposable
{
    // Prometheus 2.42's Accept header: OpenMetrics preferred, the text format as fallback.
    public const string AcceptHeader = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private readonly bool _ownsClient;

    public ScrapeJob(ScrapeConfig config, TimeSpan globalInterval, TimeSpan globalTimeout, HttpMessageHandler? handler = null)
    {
        Config = config;
        Interval = config.EffectiveInterval(globalInterval);
        Timeout = config.EffectiveTimeout(globalInterval, globalTimeout);
        TargetRules = RelabelRule.CreateAll(config.RelabelConfigs);
        MetricRules = RelabelRule.CreateAll(config.MetricRelabelConfigs);
        BodyLimit = config.BodySizeLimit > 0 ? config.BodySizeLimit : ScrapeConfig.DefaultBodySizeLimit;
        _ownsClient = handler is null;
        handler ??= CreateHandler(config);
        Client = new HttpClient(handler, disposeHandler: _ownsClient) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public ScrapeConfig Config { get; }

    public string Name => Config.JobName;

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    public RelabelRule[] TargetRules { get; }

    public RelabelRule[] MetricRules { get; }

    public long BodyLimit { get; }

    public HttpClient Client { get; }

    /// <summary>The Authorization header for a scrape; files are re-read each time, as Prometheus does, so rotated secrets apply.</summary>
    public AuthenticationHeaderValue? Authorization()
    {
        if (Config.BasicAuth is { } basic)
        {
            var password = basic.PasswordFile is { } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : basic.Password ?? "";
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.Username + ":" + password)));
        }

        if (Config.Authorization is { } auth)
        {
            var credentials = auth.CredentialsFile is { } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : auth.Credentials ?? "";
            return new AuthenticationHeaderValue(auth.Type, credentials);
        }

        return null;
    }

    /// <summary>The HTTP version offered: 2.0 with fallback when enable_http2 (Prometheus' default), else 1.1.</summary>
    public Version RequestVersion => Config.EnableHttp2 ? HttpVersion.Version20 : HttpVersion.Version11;

    public void Dispose() => Client.Dispose();

    private static SocketsHttpHandler CreateHandler(ScrapeConfig config)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = config.FollowRedirects,
            UseProxy = false,
        };
        var tls = config.TlsConfig;
        if (tls.CertFile is { } certFile && tls.KeyFile is { } keyFile)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        }

        if (tls.InsecureSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (tls.CaFile is not null || tls.ServerName is not null)
        {
            X509Certificate2Collection? roots = null;
            if (tls.CaFile is { } caFile)
            {
                roots = [];
                roots.ImportFromPemFile(caFile);
            }

            var serverName = tls.ServerName;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                IsTrusted(certificate, chain, errors, roots, serverName);
        }

        return handler;
    }

    // With ca_file, the chain must end at one of its certificates (not the system's roots); with
    // server_name, the certificate must be valid for that name rather than for the address dialled.
    private static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection? roots, string? serverName)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var cert = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var nameOk = serverName is not null ? cert.MatchesHostname(serverName) : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        if (!nameOk)
        {
            return false;
        }

        if (roots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(cert);
    }
}
