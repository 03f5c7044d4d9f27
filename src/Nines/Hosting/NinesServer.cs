using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Nines.Api;
using Nines.Cli;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Errors;
using Nines.Events;
using Nines.Ingest.Http;
using Nines.Query.Http;
using Nines.Ingest.Scrape;
using Nines.Metrics.Storage;
using Nines.Observability;
using Nines.Security;
using Nines.Store;
using Nines.Web;

namespace Nines.Hosting;

/// <summary>Builds, starts and runs the Nines server.</summary>
internal static class NinesServer
{
    /// <summary>Runs until SIGTERM/SIGINT or <paramref name="cancellationToken"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(NinesOptions options, ServerMode mode, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        NinesApp app;
        try
        {
            app = await StartAsync(options, mode, stdout, TimeProvider.System, configure: null, cancellationToken);
        }
        catch (StartupException e)
        {
            stderr.WriteLine("nines: " + e.Message);
            return ExitCodes.StartupFailed;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Acquires the data directory, opens and migrates the store, runs first-run set-up (and the
    /// demo seed), then starts listening. Every failure an operator can fix is a
    /// <see cref="StartupException"/> with one clear line.
    /// </summary>
    /// <param name="configure">Test seam: extra endpoints mapped after Nines' own.</param>
    public static async Task<NinesApp> StartAsync(
        NinesOptions options,
        ServerMode mode,
        TextWriter stdout,
        TimeProvider time,
        Action<IEndpointRouteBuilder>? configure,
        CancellationToken cancellationToken)
    {
        var listeners = Listeners.From(options.Server);
        var listen = listeners.Main;

        if (mode == ServerMode.Demo)
        {
            // Anonymous ingest makes the demo work with any exporter, but only where nobody else can reach it.
            options.Auth.AnonymousIngest = listen.IsLoopback
                && listeners.OtlpGrpc?.IsLoopback != false
                && listeners.OtlpHttp?.IsLoopback != false;
        }

        var data = DataDirectory.Acquire(options.Data);
        IControlPlaneStore? store = null;
        WebApplication? web = null;
        try
        {
            store = await OpenStoreAsync(options, data.Path, time, cancellationToken);
            web = Build(options, mode, listeners, data.Path, store, time, configure);
            var bootstrap = new Bootstrap(store, time, options.Auth);
            try
            {
                await bootstrap.EnsureDefaultsAsync(cancellationToken);
                if (mode == ServerMode.Demo)
                {
                    await new DemoSeed(store, time).SeedAsync(cancellationToken);
                }
            }
            catch (StoreException e)
            {
                throw new StartupException("first-run set-up: " + e.Message, e);
            }

            try
            {
                await web.StartAsync(cancellationToken);
            }
            catch (IOException e) when (IsAddressInUse(e))
            {
                throw new StartupException($"cannot listen: {FirstLine(e.Message)} The port is in use by another process (choose others with --listen, --otlp-grpc, --otlp-http).", e);
            }
            catch (SocketException e)
            {
                throw new StartupException($"cannot listen: {FirstLine(e.Message)}", e);
            }

            var baseUrl = string.IsNullOrWhiteSpace(options.Server.PublicUrl)
                ? Listeners.Url(listen, listeners.MainPort).ToString().TrimEnd('/')
                : options.Server.PublicUrl.TrimEnd('/');
            web.Services.GetRequiredService<HealthEndpoints.StartupState>().Completed = true;
            stdout.WriteLine($"nines {VersionInfo.Version} listening on {baseUrl} ({store.Engine} store, data in {data.Path}{(mode == ServerMode.Demo ? ", demo" : "")})");
            stdout.WriteLine($"OTLP: gRPC {listeners.OtlpGrpcUrl?.ToString().TrimEnd('/') ?? "off"}, HTTP {(listeners.OtlpHttpUrl is { } otlpHttp ? otlpHttp + "v1/metrics" : "off")}");
            var setupLink = await bootstrap.IssueAdminSetupLinkAsync(baseUrl, cancellationToken);
            if (setupLink is not null)
            {
                stdout.WriteLine($"First start: open {setupLink} to set the password of user 'admin' (the link works once and expires in {FormatDuration(options.Auth.SetupLinkLifetime)}).");
            }

            return new NinesApp(web, data, store, new Uri(baseUrl), setupLink, options.Server.ShutdownTimeout, listeners);
        }
        catch
        {
            if (web is not null)
            {
                await web.DisposeAsync();
            }

            if (store is not null)
            {
                await store.DisposeAsync();
            }

            data.Dispose();
            throw;
        }
    }

    private static async Task<IControlPlaneStore> OpenStoreAsync(NinesOptions options, string dataPath, TimeProvider time, CancellationToken ct)
    {
        IControlPlaneStore? store = null;
        try
        {
            store = await ControlPlaneStore.OpenAsync(options.Store, dataPath, time, ct);
            await store.MigrateAsync(ct);
            return store;
        }
        catch (Exception e) when (e is StoreException or System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }

            throw new StartupException("store: " + e.Message, e);
        }
    }

    private static WebApplication Build(
        NinesOptions options,
        ServerMode mode,
        Listeners listeners,
        string dataPath,
        IControlPlaneStore store,
        TimeProvider time,
        Action<IEndpointRouteBuilder>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(NinesServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            EnvironmentName = "Production",
            Args = [],
        });
        builder.Configuration.Sources.Clear();
        builder.WebHost.UseStaticWebAssets();

        ConfigureLogging(builder.Logging, options.Log);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.Server.MaxRequestBodyBytes;
            listeners.Configure(k);
        });

        var services = builder.Services;
        services.Configure<HostOptions>(h => h.ShutdownTimeout = options.Server.ShutdownTimeout);
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(Options.Create(options.Auth));
        services.AddSingleton(new ServerInfo(mode, listeners.Main));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        services.AddProblemDetails(p => p.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["request_id"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Detail ??= StatusPages.Describe(ctx.ProblemDetails.Status ?? 500, ctx.HttpContext).Detail;
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddNinesAuth(options.Auth, dataPath);
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "nines_csrf";
            // Antiforgery refuses to issue a Secure cookie over plain HTTP (even on loopback, where
            // browsers would accept it), so this cookie follows the request; it guards nothing alone.
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton(sp => new TenantMetricsStorage(
            Path.Combine(dataPath, "metrics"),
            new MetricsStorageOptions
            {
                Retention = options.Metrics.Retention,
                RetentionSizeBytes = options.Metrics.RetentionSizeBytes,
                BlockRange = options.Metrics.BlockRange,
                DenseCompactedBlocks = options.Metrics.DenseCompactedBlocks,
                Downsampling = options.Metrics.Downsampling,
                // Downsampled data is never deleted before the raw data it summarises.
                Retention5m = options.Metrics.EffectiveRetention5m,
                Retention1h = options.Metrics.EffectiveRetention1h,
                MaxExemplars = options.Metrics.MaxExemplars,
            },
            time,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<MetricsStorageService>();
        services.AddSingleton(sp => new TenantLimitsCache(store, options.Limits.ToLimits(), time, sp.GetRequiredService<ILogger<TenantLimitsCache>>()));
        services.AddSingleton<Nines.Core.Limits.ITenantLimitsSource>(sp => sp.GetRequiredService<TenantLimitsCache>());
        services.AddHostedService(sp => sp.GetRequiredService<TenantLimitsCache>());
        services.AddNinesEvents(Path.Combine(dataPath, "events"));
        services.AddNinesIngest(pipeline: options.Pipeline.ToIngest(Path.Combine(dataPath, "pipeline", "tail-journal")));
        var query = options.Query.ToApiOptions();
        // A relative query log path is inside the data directory.
        query.LogPath = query.LogPath is { } logPath ? Path.Combine(dataPath, logPath) : null;
        services.AddNinesQuery(query);
        services.AddNinesScrape(options.ScrapeConfigs, options.Global.ScrapeInterval, options.Global.EffectiveScrapeTimeout);
        services.AddNinesHealth();
        services.AddNinesTelemetry();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Nines API";
            doc.Info.Version = VersionInfo.Version;
            doc.Info.Description = "Nines' own API under /api/nines/v1. Authenticate with 'Authorization: Bearer <token>'.";
            return Task.CompletedTask;
        }));
        services.AddNinesWeb(o =>
        {
            o.Version = VersionInfo.Version;
            o.PublicUrl = options.Server.PublicUrl;
            o.OtlpGrpcListen = options.Server.OtlpGrpcListen;
            o.OtlpHttpListen = options.Server.OtlpHttpListen;
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusPages.FromStatusCodeAsync);
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<TenantGuardMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapNinesHealth();
        app.MapNinesMetrics();
        app.MapOpenApi("/openapi").AllowAnonymous();
        app.MapNinesApi();
        app.MapNinesIngest();
        app.MapNinesQuery();
        configure?.Invoke(app);
        app.MapNinesWeb();
        var unmatched = new UnmatchedRoute(app.Services.GetRequiredService<EndpointDataSource>());
        app.MapFallback(unmatched.HandleAsync).AllowAnonymous();
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogOptions log)
    {
        logging.ClearProviders();
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var level = log.Level.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" => LogLevel.Critical,
            _ => LogLevel.Information,
        };
        logging.SetMinimumLevel(level);
        // Per-request framework chatter would drown the operator's signal; the request metrics carry it.
        logging.AddFilter("Microsoft.AspNetCore", level < LogLevel.Warning ? LogLevel.Warning : level);
        // One line per request is access-log volume: only at debug (the request metrics carry the rest).
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level <= LogLevel.Debug ? level : LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", level);
        if (string.Equals(log.Format, "text", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private static bool IsAddressInUse(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    private static string FormatDuration(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalMinutes}m";
}

/// <summary>What the running server is, for endpoints that describe it.</summary>
internal sealed record ServerInfo(ServerMode Mode, ListenAddress Listen);
