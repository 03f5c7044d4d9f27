using Npgsql;

namespace Nines.Configuration;

/// <summary>
/// Checks bound options for values the types allow but Nines does not. Each rule names its setting
/// by path; <see cref="NinesConfiguration"/> turns the path into the file position, variable or
/// flag the value came from.
/// </summary>
internal static class NinesOptionsValidator
{
    /// <summary>The smallest <c>server.max_request_body_bytes</c>: 1 KiB.</summary>
    public const long MinRequestBodyBytes = 1024;

    /// <summary>The largest <c>server.max_request_body_bytes</c>: 1 GiB.</summary>
    public const long MaxRequestBodyBytes = 1024L * 1024 * 1024;

    /// <summary>The values of <c>log.level</c>.</summary>
    public static IReadOnlyList<string> LogLevels { get; } = ["trace", "debug", "information", "warning", "error", "critical"];

    /// <summary>The values of <c>log.format</c>.</summary>
    public static IReadOnlyList<string> LogFormats { get; } = ["json", "text"];

    /// <summary>Every violation as (setting path, message).</summary>
    public static IEnumerable<(string Key, string Message)> Validate(NinesOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Data))
        {
            yield return ("data", "must name a directory, like ./nines-data or /var/lib/nines");
        }

        if (!ListenAddress.TryParse(options.Server.Listen, out _, out var listenError))
        {
            yield return ("server.listen", listenError);
        }

        if (options.Server.OtlpGrpcListen is { Length: > 0 } grpc && !ListenAddress.TryParse(grpc, out _, out var grpcError))
        {
            yield return ("server.otlp_grpc_listen", grpcError);
        }

        if (options.Server.OtlpHttpListen is { Length: > 0 } http && !ListenAddress.TryParse(http, out _, out var httpError))
        {
            yield return ("server.otlp_http_listen", httpError);
        }

        if (options.Server.PublicUrl is { Length: > 0 } publicUrl
            && (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            yield return ("server.public_url", $"must be an absolute http:// or https:// URL without query or fragment, like https://nines.example.com; got '{publicUrl}'");
        }

        if (options.Server.MaxRequestBodyBytes is < MinRequestBodyBytes or > MaxRequestBodyBytes)
        {
            yield return ("server.max_request_body_bytes",
                $"must be from {MinRequestBodyBytes} (1 KiB) to {MaxRequestBodyBytes} (1 GiB); got {options.Server.MaxRequestBodyBytes}");
        }

        foreach (var setting in ConfigSchema.Nines.AllSettings.Where(s => s.Path.StartsWith("limits.", StringComparison.Ordinal)))
        {
            if (ConfigSchema.Nines.GetValue(options, setting) is long value && value < 0)
            {
                yield return (setting.Path, $"must be 0 (unlimited) or positive; got {value}");
            }
        }

        foreach (var setting in ConfigSchema.Nines.AllSettings.Where(s => s.Type == SettingType.Duration))
        {
            if (ConfigSchema.Nines.GetValue(options, setting) is TimeSpan span && span <= TimeSpan.Zero)
            {
                yield return (setting.Path, $"must be a positive duration, like 30s or 5m; got {Durations.Format(span)}");
            }
        }

        if (options.Metrics.RetentionSizeBytes < 0)
        {
            yield return ("metrics.retention_size_bytes", $"must be 0 (no limit) or a size in bytes; got {options.Metrics.RetentionSizeBytes}");
        }

        if (options.Metrics.MaxExemplars is < 0 or > 10_000_000)
        {
            yield return ("metrics.max_exemplars", $"must be from 0 (off) to 10000000; got {options.Metrics.MaxExemplars}");
        }

        if (options.Metrics.BlockRange < TimeSpan.FromMinutes(1) || options.Metrics.BlockRange > TimeSpan.FromDays(1))
        {
            yield return ("metrics.block_range", $"must be from 1m to 1d; got {Durations.Format(options.Metrics.BlockRange)}");
        }

        if (options.Query.MaxSamples < 1)
        {
            yield return ("query.max_samples", $"must be at least 1; got {options.Query.MaxSamples}");
        }

        if (options.Query.MaxSeries < 0)
        {
            yield return ("query.max_series", $"must be 0 (unlimited) or positive; got {options.Query.MaxSeries}");
        }

        if (options.Query.MaxConcurrentPerTenant < 1)
        {
            yield return ("query.max_concurrent_per_tenant", $"must be at least 1; got {options.Query.MaxConcurrentPerTenant}");
        }

        if (options.Query.MaxQueuedPerTenant < 0)
        {
            yield return ("query.max_queued_per_tenant", $"must be 0 (no queue) or positive; got {options.Query.MaxQueuedPerTenant}");
        }

        if (options.Auth.LoginAttempts < 1)
        {
            yield return ("auth.login_attempts", $"must be at least 1; got {options.Auth.LoginAttempts}");
        }

        if (options.Store.Postgres is { Length: > 0 } postgres && PostgresError(postgres) is { } postgresError)
        {
            yield return ("store.postgres", postgresError);
        }

        if (!LogLevels.Contains(options.Log.Level, StringComparer.OrdinalIgnoreCase))
        {
            yield return ("log.level", $"must be one of {string.Join(", ", LogLevels)}; got '{options.Log.Level}'");
        }

        if (!LogFormats.Contains(options.Log.Format, StringComparer.OrdinalIgnoreCase))
        {
            yield return ("log.format", $"must be one of {string.Join(", ", LogFormats)}; got '{options.Log.Format}'");
        }

        foreach (var error in PipelineErrors(options.Pipeline))
        {
            yield return error;
        }
    }

    /// <summary>An exception's message without the "(Parameter …)" and "Actual value was …" lines .NET appends.</summary>
    public static string Plain(ArgumentException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message.Split('\n')[0]).Trim();
    }

    // The components validate their own options (with messages naming the setting); this maps them to a path.
    private static List<(string Key, string Message)> PipelineErrors(PipelineOptions pipeline)
    {
        var errors = new List<(string Key, string Message)>();
        var ingest = pipeline.ToIngest();
        Check("pipeline.redaction", ingest.Redaction.Validate);
        Check("pipeline.head_sampling", ingest.HeadSampling.Validate);
        Check("pipeline.tail_sampling", ingest.TailSampling.Validate);
        Check("pipeline.log_sampling", ingest.LogSampling.Validate);
        foreach (var (tenant, o) in ingest.Tenants)
        {
            var at = $"pipeline.tenants.{tenant}";
            Check(at + ".head_sampling", () => o.HeadSampling?.Validate());
            Check(at + ".tail_sampling", () => o.TailSampling?.Validate());
            Check(at + ".log_sampling", () => o.LogSampling?.Validate());
        }

        return errors;

        void Check(string key, Action validate)
        {
            try
            {
                validate();
            }
            catch (ArgumentException e)
            {
                errors.Add((key, Plain(e)));
            }
        }
    }

    // The connection string holds a password: messages never echo it.
    private static string? PostgresError(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return $"is not a valid Npgsql connection string ({ex.Message}); write it as 'Host=127.0.0.1;Port=5432;Username=nines;Password=…;Database=nines'";
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? "must name the server with Host=…, like 'Host=127.0.0.1;Port=5432;Username=nines;Password=…;Database=nines'"
            : null;
    }
}
