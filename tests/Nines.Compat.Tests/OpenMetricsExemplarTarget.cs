using System.Globalization;
using System.Net;
using System.Text;

namespace Nines.Compat.Tests;

/// <summary>
/// A scrape target serving OpenMetrics with exemplars: every scrape advances the counters and
/// brings new exemplars (with and without their own timestamps), and one exemplar never changes,
/// so Prometheus' duplicate check is exercised too.
/// </summary>
internal sealed class OpenMetricsExemplarTarget : ScrapeTarget
{
    public static string Body(int n, DateTimeOffset now)
    {
        var seconds = (now.ToUnixTimeMilliseconds() - 250) / 1000.0;
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("# TYPE rpc_seconds histogram\n");
        sb.Append(c, $"rpc_seconds_bucket{{le=\"0.1\"}} {n} # {{trace_id=\"{Trace(n, 1)}\",span_id=\"{Span(n)}\"}} 0.05 {seconds.ToString("F3", c)}\n");
        sb.Append(c, $"rpc_seconds_bucket{{le=\"1\"}} {2 * n} # {{trace_id=\"{Trace(n, 2)}\"}} {0.1 + (n % 9 / 10.0)}\n");
        sb.Append(c, $"rpc_seconds_bucket{{le=\"+Inf\"}} {3 * n} # {{trace_id=\"{Trace(0, 3)}\"}} 7 1700000000.000\n");
        sb.Append(c, $"rpc_seconds_sum {n * 1.5}\n");
        sb.Append(c, $"rpc_seconds_count {3 * n}\n");
        sb.Append("# TYPE app_requests counter\n");
        sb.Append(c, $"app_requests_total{{path=\"/a\"}} {n} # {{trace_id=\"{Trace(n, 4)}\",user=\"u{n % 3}\"}} 1\n");
        sb.Append(c, $"app_requests_total{{path=\"/b\"}} {n}\n");
        sb.Append("# EOF\n");
        return sb.ToString();
    }

    private static string Trace(int n, int kind) => n.ToString("x8", CultureInfo.InvariantCulture) + kind.ToString("x24", CultureInfo.InvariantCulture);

    private static string Span(int n) => n.ToString("x16", CultureInfo.InvariantCulture);

    protected override (string ContentType, ReadOnlyMemory<byte> Body) Respond(int scrape, HttpListenerRequest request) =>
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", Encoding.UTF8.GetBytes(Body(scrape, TimeProvider.System.GetUtcNow())));
}
