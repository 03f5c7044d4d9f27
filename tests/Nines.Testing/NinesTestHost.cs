using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Nines.Configuration;
using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Hosting;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Testing;

/// <summary>
/// The real Nines host, started in-process on a free loopback port with a temporary data
/// directory: what functional tests, browser tests and benchmarks run against.
/// </summary>
public sealed class NinesTestHost : IAsyncDisposable
{
    private readonly NinesApp _app;
    private readonly string _root;
    private readonly bool _keepData;

    private NinesTestHost(NinesApp app, string root, StringWriter stdout, bool keepData)
    {
        _app = app;
        _root = root;
        Stdout = stdout;
        _keepData = keepData;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress => _app.BaseAddress;

    /// <summary>http://127.0.0.1:PORT of the OTLP/gRPC receiver (null when turned off).</summary>
    public Uri? OtlpGrpcAddress => _app.OtlpGrpcAddress;

    /// <summary>http://127.0.0.1:PORT of the OTLP/HTTP receiver (null when turned off).</summary>
    public Uri? OtlpHttpAddress => _app.OtlpHttpAddress;

    /// <summary>The server's store (the same instance the server uses).</summary>
    public IControlPlaneStore Store => _app.Store;

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>What the server printed at start.</summary>
    public StringWriter Stdout { get; }

    /// <summary>The first-run set-up link, when one was printed.</summary>
    public string? SetupLink => _app.SetupLink;

    /// <summary>The data directory.</summary>
    public string DataPath => _app.DataPath;

    /// <summary>
    /// Starts a server. <paramref name="configure"/> adjusts options (the data directory and a
    /// loopback port 0 are set first); <paramref name="endpoints"/> maps extra test endpoints;
    /// <paramref name="dataPath"/> reuses an existing data directory (restart tests).
    /// </summary>
    public static async Task<NinesTestHost> StartAsync(
        Action<NinesOptions>? configure = null,
        bool demo = false,
        TimeProvider? time = null,
        Action<IEndpointRouteBuilder>? endpoints = null,
        string? dataPath = null)
    {
        var root = dataPath ?? Path.Combine(Path.GetTempPath(), "nines-test-" + Guid.NewGuid().ToString("N")[..12]);
        var options = new NinesOptions { Data = root };
        options.Server.Listen = "127.0.0.1:0";
        options.Server.OtlpGrpcListen = "127.0.0.1:0";
        options.Server.OtlpHttpListen = "127.0.0.1:0";
        options.Server.ShutdownTimeout = TimeSpan.FromSeconds(10);
        options.Log.Level = Environment.GetEnvironmentVariable("NINES_TEST_LOG") ?? "warning";
        options.Log.Format = "text";
        configure?.Invoke(options);
        var stdout = new StringWriter();
        var app = await NinesServer.StartAsync(options, demo ? ServerMode.Demo : ServerMode.Serve, stdout, time ?? TimeProvider.System, endpoints, CancellationToken.None);
        return new NinesTestHost(app, root, stdout, keepData: dataPath is not null);
    }

    /// <summary>Adds a user with a password and a role in <paramref name="tenant"/> (created if missing).</summary>
    public async Task<TenantUser> CreateUserAsync(string username, string password, Role role, string tenant = TenantId.Default)
    {
        await EnsureTenantAsync(tenant);
        // A low work factor keeps tests fast; verification reads the factor from the stored hash.
        var hash = PasswordHasher.Hash(password, iterations: 1000);
        var member = await Store.AddUserAsync(tenant, username, username, hash, role, Actor.System);
        if (member.User.PasswordHash != hash)
        {
            // The name existed in another tenant: joining keeps the old password, so set this one.
            await Store.SetPasswordHashAsync(tenant, member.User.Id, hash, Actor.System);
            member = (await Store.GetTenantUserAsync(tenant, member.User.Id))!;
        }

        return member;
    }

    /// <summary>Creates an API token and returns its secret.</summary>
    public async Task<string> CreateTokenAsync(Role role, string tenant = TenantId.Default, bool ingest = false, DateTimeOffset? expiresAt = null, string? name = null)
    {
        await EnsureTenantAsync(tenant);
        var secret = ApiTokens.Generate();
        var time = (TimeProvider)Services.GetService(typeof(TimeProvider))!;
        await Store.CreateTokenAsync(
            new ApiToken(Ids.New(time), tenant, name ?? $"test-{role.ToName()}-{Guid.NewGuid():N}"[..24], role, ingest, ApiTokens.Hash(secret), "test", time.GetUtcNow(), expiresAt, null, null),
            Actor.System);
        return secret;
    }

    /// <summary>Creates a tenant unless it exists.</summary>
    public async Task EnsureTenantAsync(string tenant)
    {
        if (await Store.GetTenantAsync(tenant) is null)
        {
            await Store.CreateTenantAsync(tenant, tenant, Actor.System);
        }
    }

    /// <summary>An HTTP client for the server, optionally with a bearer token.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Stops gracefully (as SIGTERM would).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (!_keepData)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}
