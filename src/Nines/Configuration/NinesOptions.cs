using System.ComponentModel;
using Nines.Core.Security;
using Nines.Ingest.Scrape;
using Nines.Store;

namespace Nines.Configuration;

/// <summary>The whole of nines.yaml. Keys are the snake_case form of the property names.</summary>
public sealed class NinesOptions
{
    /// <summary>The data directory: SQLite store, keys, later the TSDB and event store.</summary>
    [Description("Directory for all state: the SQLite store, the key ring, and (later) telemetry. Flag: --data.")]
    public string Data { get; set; } = "./nines-data";

    /// <summary>HTTP server settings.</summary>
    [Description("The HTTP server (UI and every HTTP API).")]
    public ServerOptions Server { get; set; } = new();

    /// <summary>Control-plane store settings.</summary>
    [Description("The control-plane store (SQLite by default, PostgreSQL when set).")]
    public StoreOptions Store { get; set; } = new();

    /// <summary>Authentication settings.</summary>
    [Description("Log-in, sessions, tokens and anonymous access.")]
    public AuthOptions Auth { get; set; } = new();

    /// <summary>Default ingest limits of every tenant.</summary>
    [Description("Every tenant's default ingest limits (0: unlimited); a tenant's own overrides are set with PUT /api/nines/v1/limits.")]
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>PromQL query limits and the query log.</summary>
    [Description("PromQL query limits (timeout, samples, series, concurrency per tenant) and the query log.")]
    public QueryOptions Query { get; set; } = new();

    /// <summary>Logging settings.</summary>
    [Description("Nines' own logs.")]
    public LogOptions Log { get; set; } = new();

    /// <summary>Defaults of the scrape jobs, as in prometheus.yml.</summary>
    [Description("Defaults for scrape_configs, as in prometheus.yml's global section.")]
    public GlobalOptions Global { get; set; } = new();

    /// <summary>Scrape jobs, in Prometheus' own shape; see docs/scraping.md.</summary>
    [Description("Prometheus scrape jobs, written exactly as in prometheus.yml (job_name, scrape_interval, static_configs, file_sd_configs, relabel_configs, …) plus `tenant:`. Set in the file only. See [scraping.md](scraping.md).")]
    [ConfigCustom]
    public List<ScrapeConfig> ScrapeConfigs { get; set; } = [];

    /// <summary>Metrics storage (TSDB) settings.</summary>
    [Description("The metrics storage (TSDB): persisted blocks, compaction and retention, per tenant.")]
    public MetricsSection Metrics { get; set; } = new();

    /// <summary>Ingest pipeline: redaction and sampling.</summary>
    [Description("The ingest pipeline between decoding and storing: redaction, then head, tail and log sampling (every tenant). See [pipeline.md](pipeline.md).")]
    public PipelineOptions Pipeline { get; set; } = new();
}

/// <summary>Section <c>metrics</c>.</summary>
public sealed class MetricsSection
{
    /// <summary>Age after which blocks are deleted.</summary>
    [Description("Delete blocks whose data is older than this, measured back from the newest sample (Prometheus' --storage.tsdb.retention.time).")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(15);

    /// <summary>Largest total size of a tenant's blocks; 0 means no limit.</summary>
    [Description("Largest total size in bytes of one tenant's blocks; the oldest blocks are deleted beyond it. 0: no limit (Prometheus' --storage.tsdb.retention.size).")]
    public long RetentionSizeBytes { get; set; }

    /// <summary>Whether 5m and 1h downsampled blocks are written.</summary>
    [Description("Write 5m and 1h downsampled blocks (count, sum, min, max and counter per window, as Thanos does); queries over long ranges with coarse steps read them automatically (see promql.md). Raw blocks are kept until their day is downsampled.")]
    public bool Downsampling { get; set; } = true;

    /// <summary>Age after which 5m downsampled blocks are deleted.</summary>
    [Description("Delete 5m downsampled blocks whose data is older than this (Thanos' --retention.resolution-5m). A value shorter than retention is raised to it.")]
    public TimeSpan Retention5m { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Age after which 1h downsampled blocks are deleted.</summary>
    [Description("Delete 1h downsampled blocks whose data is older than this (Thanos' --retention.resolution-1h). A value shorter than retention_5m (after raising) is raised to it.")]
    public TimeSpan Retention1h { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Retention5m raised to Retention when shorter (0 in either keeps data).</summary>
    internal TimeSpan EffectiveRetention5m => AtLeast(Retention5m, Retention);

    /// <summary>Retention1h raised to the effective Retention5m when shorter.</summary>
    internal TimeSpan EffectiveRetention1h => AtLeast(Retention1h, EffectiveRetention5m);

    private static TimeSpan AtLeast(TimeSpan value, TimeSpan floor) =>
        value == TimeSpan.Zero || floor == TimeSpan.Zero || value >= floor ? value : floor;

    /// <summary>Time range of a block cut from the in-memory head.</summary>
    [Description("Time range of a block cut from the in-memory head; the head is persisted once it spans 1.5 of these (Prometheus' min block duration). 1m to 1d.")]
    public TimeSpan BlockRange { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Whether compacted blocks use Nines' dense chunk encoding.</summary>
    [Description("Store compacted blocks (older than about 3 block ranges) in Nines' dense chunk encoding, about half the size of Prometheus' XOR chunks; false keeps every block readable by promtool and Prometheus.")]
    public bool DenseCompactedBlocks { get; set; } = true;

    /// <summary>Exemplars kept per tenant.</summary>
    [Description("Exemplars kept per tenant in a ring buffer; the newest replace the oldest (Prometheus' storage.exemplars.max_exemplars). 0 turns exemplar storage off. Up to 10000000.")]
    public int MaxExemplars { get; set; } = 100_000;
}

/// <summary>Section <c>server</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>HOST:PORT to listen on.</summary>
    [Description("HOST:PORT for the UI and HTTP APIs. Port 0 picks a free port. Flag: --listen.")]
    public string Listen { get; set; } = "127.0.0.1:9999";

    /// <summary>HOST:PORT of the OTLP/gRPC receiver; empty turns it off.</summary>
    [Description("HOST:PORT for OTLP over gRPC (HTTP/2 without TLS); empty turns it off. Flag: --otlp-grpc.")]
    public string? OtlpGrpcListen { get; set; } = "127.0.0.1:4317";

    /// <summary>HOST:PORT of the OTLP/HTTP receiver; empty turns it off.</summary>
    [Description("HOST:PORT for OTLP over HTTP (/v1/metrics; the same path also answers on listen); empty turns it off. Flag: --otlp-http.")]
    public string? OtlpHttpListen { get; set; } = "127.0.0.1:4318";

    /// <summary>The address users reach Nines at, for links Nines prints (set-up link).</summary>
    [Description("The URL users reach Nines at (behind a proxy, say), used in links Nines prints. Empty: derived from listen.")]
    public string? PublicUrl { get; set; }

    /// <summary>Largest request body accepted by the JSON APIs.</summary>
    [Description("Largest request body, in bytes, accepted by Nines' own JSON APIs; larger bodies get 413.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long SIGTERM waits for in-flight requests and queues.</summary>
    [Description("On SIGTERM, how long to wait for in-flight requests to finish and queues to flush before exiting.")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Section <c>log</c>.</summary>
public sealed class LogOptions
{
    /// <summary>Minimum level.</summary>
    [Description("Minimum level: trace, debug, information, warning, error, critical.")]
    public string Level { get; set; } = "information";

    /// <summary>json or text.</summary>
    [Description("json (one object a line, with trace and request ids) or text (for a terminal).")]
    public string Format { get; set; } = "json";
}
