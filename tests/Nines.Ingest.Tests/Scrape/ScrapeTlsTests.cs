using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Ingest.Scrape;

namespace Nines.Ingest.Tests.Scrape;

/// <summary>A real Kestrel target over HTTPS with a certificate from a private CA.</summary>
public sealed class ScrapeTlsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nines-tls-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? _app;
    private int _port;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Nines Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(_dir, "ca.pem"), ca.ExportCertificatePem());

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=target.test", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("target.test");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var serverCert = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serverCert)));
        _app = builder.Build();
        _app.MapGet("/metrics", (HttpContext c) => c.Response.WriteAsync("secure_metric 1\n"));
        await _app.StartAsync();
        _port = new Uri(_app.Urls.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Scrape_CaFileTrustsTheTargetsCa_Succeeds()
    {
        var (loop, sink) = CreateSut(new ScrapeTlsConfig { CaFile = Path.Combine(_dir, "ca.pem") });

        await loop.ScrapeOnceAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Null(loop.LastError);
        Assert.Equal(1, Assert.Single(sink.Named("secure_metric")).Value);
    }

    [Fact]
    public async Task Scrape_WithoutCaFile_FailsOnTheUntrustedCertificate()
    {
        var (loop, sink) = CreateSut(new ScrapeTlsConfig());

        await loop.ScrapeOnceAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.NotNull(loop.LastError);
        Assert.Equal(0, Assert.Single(sink.Named("up")).Value);
    }

    [Fact]
    public async Task Scrape_ServerNameNotInCertificate_Fails()
    {
        var (loop, _) = CreateSut(new ScrapeTlsConfig { CaFile = Path.Combine(_dir, "ca.pem"), ServerName = "other.test" });

        await loop.ScrapeOnceAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.NotNull(loop.LastError);
    }

    [Fact]
    public async Task Scrape_InsecureSkipVerify_Succeeds()
    {
        var (loop, _) = CreateSut(new ScrapeTlsConfig { InsecureSkipVerify = true });

        await loop.ScrapeOnceAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Null(loop.LastError);
    }

    private (ScrapeLoop Loop, RecordingSink Sink) CreateSut(ScrapeTlsConfig tls)
    {
        var config = new ScrapeConfig { JobName = "tls", Scheme = "https", TlsConfig = tls };
        var job = new ScrapeJob(config, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));
        var target = ScrapeTarget.Create(config, job.Interval, job.Timeout, [], $"127.0.0.1:{_port}", [])!;
        var sink = new RecordingSink();
        return (new ScrapeLoop(job, target, sink, TimeProvider.System, NullLogger.Instance), sink);
    }
}
