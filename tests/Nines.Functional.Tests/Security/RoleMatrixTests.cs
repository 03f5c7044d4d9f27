using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Functional.Tests.Security;

/// <summary>
/// Every API endpoint the server maps, called by every role and anonymously. The expected minimum
/// role of each endpoint is written here, independently of the code: a new endpoint fails this
/// test until someone decides who may call it.
/// </summary>
public sealed class RoleMatrixTests
{
    /// <summary>Method and route pattern → the lowest role allowed; null = anonymous. Static assets,
    /// the catch-all and the framework's own redirect endpoint are left out.</summary>
    private static readonly Dictionary<string, Role?> Spec = new(StringComparer.Ordinal)
    {
        ["GET /healthz/live"] = null,
        ["GET /healthz/ready"] = null,
        ["GET /healthz/startup"] = null,
        ["GET /openapi"] = null,
        ["GET /metrics"] = Role.Viewer,
        ["GET /api/nines/v1/whoami"] = Role.Viewer,
        ["GET /api/nines/v1/tenants"] = Role.Viewer,
        ["GET /api/nines/v1/users/"] = Role.Admin,
        ["GET /api/nines/v1/users/{id}"] = Role.Admin,
        ["POST /api/nines/v1/users/"] = Role.Admin,
        ["PATCH /api/nines/v1/users/{id}"] = Role.Admin,
        ["GET /api/nines/v1/tokens/"] = Role.Admin,
        ["GET /api/nines/v1/tokens/{id}"] = Role.Admin,
        ["POST /api/nines/v1/tokens/"] = Role.Admin,
        ["DELETE /api/nines/v1/tokens/{id}"] = Role.Admin,
        ["GET /api/nines/v1/audit"] = Role.Admin,
        ["GET /api/nines/v1/limits"] = Role.Viewer,
        ["PUT /api/nines/v1/limits"] = Role.Admin,
        ["GET /api/nines/v1/cardinality"] = Role.Viewer,
        ["GET /api/nines/v1/pipeline"] = Role.Viewer,

        // Telemetry ingest: no role is enough, the token needs the ingest permission (see IngestEndpoints).
        ["POST /api/v1/write"] = Role.Admin,
        ["POST /v1/metrics"] = Role.Admin,
        ["POST /opentelemetry.proto.collector.metrics.v1.MetricsService/Export"] = Role.Admin,
        ["POST /v1/traces"] = Role.Admin,
        ["POST /v1/logs"] = Role.Admin,
        ["POST /opentelemetry.proto.collector.trace.v1.TraceService/Export"] = Role.Admin,
        ["POST /opentelemetry.proto.collector.logs.v1.LogsService/Export"] = Role.Admin,
        ["POST /api/v2/spans"] = Role.Admin,
        ["POST /loki/api/v1/push"] = Role.Admin,

        // Prometheus HTTP API (QueryEndpoints): reading the tenant's metrics needs the viewer role.
        ["GET /api/v1/query"] = Role.Viewer,
        ["POST /api/v1/query"] = Role.Viewer,
        ["GET /api/v1/query_range"] = Role.Viewer,
        ["POST /api/v1/query_range"] = Role.Viewer,
        ["GET /api/v1/query_exemplars"] = Role.Viewer,
        ["POST /api/v1/query_exemplars"] = Role.Viewer,
        ["GET /api/v1/format_query"] = Role.Viewer,
        ["POST /api/v1/format_query"] = Role.Viewer,
        ["GET /api/v1/series"] = Role.Viewer,
        ["POST /api/v1/series"] = Role.Viewer,
        ["GET /api/v1/labels"] = Role.Viewer,
        ["POST /api/v1/labels"] = Role.Viewer,
        ["GET /api/v1/label/{name}/values"] = Role.Viewer,
        ["GET /api/v1/metadata"] = Role.Viewer,
        ["GET /api/v1/status/buildinfo"] = Role.Viewer,
        ["GET /api/v1/status/runtimeinfo"] = Role.Viewer,
        ["GET /api/v1/status/flags"] = Role.Viewer,
        ["GET /api/v1/status/tsdb"] = Role.Viewer,

        // UI pages and form endpoints (a browser's cookie or a token authenticates them alike).
        ["GET /"] = Role.Viewer,
        ["POST /"] = Role.Viewer,
        ["GET /alerts"] = Role.Viewer,
        ["POST /alerts"] = Role.Viewer,
        ["GET /backups"] = Role.Viewer,
        ["POST /backups"] = Role.Viewer,
        ["GET /capacity"] = Role.Viewer,
        ["POST /capacity"] = Role.Viewer,
        ["GET /cardinality"] = Role.Viewer,
        ["POST /cardinality"] = Role.Viewer,
        ["GET /catalog"] = Role.Viewer,
        ["POST /catalog"] = Role.Viewer,
        ["GET /chaos"] = Role.Viewer,
        ["POST /chaos"] = Role.Viewer,
        ["GET /cost"] = Role.Viewer,
        ["POST /cost"] = Role.Viewer,
        ["GET /explore"] = Role.Viewer,
        ["POST /explore"] = Role.Viewer,
        ["GET /flags"] = Role.Viewer,
        ["POST /flags"] = Role.Viewer,
        ["GET /forbidden"] = Role.Viewer,
        ["POST /forbidden"] = Role.Viewer,
        ["GET /gateway"] = Role.Viewer,
        ["POST /gateway"] = Role.Viewer,
        ["GET /incidents"] = Role.Viewer,
        ["POST /incidents"] = Role.Viewer,
        ["GET /limits"] = Role.Viewer,
        ["POST /limits"] = Role.Viewer,
        ["GET /load-tests"] = Role.Viewer,
        ["POST /load-tests"] = Role.Viewer,
        ["GET /logs"] = Role.Viewer,
        ["POST /logs"] = Role.Viewer,
        ["GET /oncall"] = Role.Viewer,
        ["POST /oncall"] = Role.Viewer,
        ["GET /pipeline"] = Role.Viewer,
        ["POST /pipeline"] = Role.Viewer,
        ["GET /postmortems"] = Role.Viewer,
        ["POST /postmortems"] = Role.Viewer,
        ["GET /slos"] = Role.Viewer,
        ["POST /slos"] = Role.Viewer,
        ["GET /status-pages"] = Role.Viewer,
        ["POST /status-pages"] = Role.Viewer,
        ["GET /traces"] = Role.Viewer,
        ["POST /traces"] = Role.Viewer,
        ["GET /traces/{TraceId}"] = Role.Viewer,
        ["POST /traces/{TraceId}"] = Role.Viewer,
        ["GET /admin/audit"] = Role.Admin,
        ["POST /admin/audit"] = Role.Admin,
        ["GET /admin/tokens"] = Role.Admin,
        ["POST /admin/tokens"] = Role.Admin,
        ["GET /admin/users"] = Role.Admin,
        ["POST /admin/users"] = Role.Admin,
        ["GET /login"] = null,
        ["GET /setup/{Secret}"] = null,
        ["POST /login"] = null,
        ["POST /setup/{Secret}"] = null,
        ["POST /logout"] = Role.Viewer,
        ["POST /session/tenant"] = Role.Viewer,
        ["POST /admin/tokens/{tokenId}/revoke"] = Role.Admin,
        ["POST /admin/users/{userId}/disable"] = Role.Admin,
        ["POST /admin/users/{userId}/enable"] = Role.Admin,
        ["POST /admin/users/{userId}/role"] = Role.Admin,
    };

    [Fact]
    public async Task EveryApiEndpoint_IsInTheSpec()
    {
        await using var host = await NinesTestHost.StartAsync();
        var mapped = DiscoverApiEndpoints(host);
        var unspecified = mapped.Except(Spec.Keys).ToList();
        var missing = Spec.Keys.Except(mapped).ToList();
        Assert.True(unspecified.Count == 0, "endpoints without an expected role in RoleMatrixTests.Spec: " + string.Join(", ", unspecified));
        Assert.True(missing.Count == 0, "endpoints in the spec that the server does not map: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task EveryEndpoint_EveryRole_AllowedOrForbiddenAsSpecified()
    {
        await using var host = await NinesTestHost.StartAsync();
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = host.CreateClient() };
        foreach (var role in Roles.All)
        {
            clients[role.ToName()] = host.CreateClient(await host.CreateTokenAsync(role));
        }

        var failures = new List<string>();
        foreach (var (key, required) in Spec)
        {
            var method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
            var path = key[(method.Length + 1)..]
                .Replace("{id}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal)
                .Replace("{tokenId}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal)
                .Replace("{userId}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal)
                .Replace("{Secret}", "nines_unknown", StringComparison.Ordinal)
                .Replace("{TraceId}", "4bf92f3577b34da6a3ce929d0e0e4736", StringComparison.Ordinal)
                .Replace("{name}", "job", StringComparison.Ordinal);
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PATCH" or "PUT")
                {
                    request.Content = path.StartsWith("/api/", StringComparison.Ordinal)
                        ? new StringContent("{}", Encoding.UTF8, "application/json")
                        : new FormUrlEncodedContent([]);
                }

                var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = Expectation(key, required, who);
                var ok = expected switch
                {
                    // The access-denied page answers 403 itself: that is its job, not a refusal.
                    "allowed" => status != 401 && (status != 403 || path.StartsWith("/forbidden", StringComparison.Ordinal)) && status < 500,
                    // An anonymous browser request is sent to the log-in page instead.
                    "401" => status == 401 || (status == 302 && response.Headers.Location?.ToString().Contains("/login", StringComparison.Ordinal) == true),
                    _ => status == 403,
                };
                if (!ok)
                {
                    failures.Add($"{key} as {who}: expected {expected}, got {status}");
                }
                else if (expected != "allowed" && status != 302)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Endpoints that need the ingest permission, which none of the matrix's tokens hold.</summary>
    private static readonly HashSet<string> IngestEndpoints = new(StringComparer.Ordinal)
    {
        "POST /api/v1/write",
        "POST /v1/metrics",
        "POST /opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        "POST /v1/traces",
        "POST /v1/logs",
        "POST /opentelemetry.proto.collector.trace.v1.TraceService/Export",
        "POST /opentelemetry.proto.collector.logs.v1.LogsService/Export",
        "POST /api/v2/spans",
        "POST /loki/api/v1/push",
    };

    private static string Expectation(string key, Role? required, string who)
    {
        if (IngestEndpoints.Contains(key))
        {
            return who == "anonymous" ? "401" : "403";
        }

        if (required is null)
        {
            return "allowed";
        }

        if (who == "anonymous")
        {
            return "401";
        }

        Roles.TryParse(who, out var held);
        return held!.Value.Satisfies(required.Value) ? "allowed" : "403";
    }

    private static HashSet<string> DiscoverApiEndpoints(NinesTestHost host)
    {
        var source = (EndpointDataSource)host.Services.GetService(typeof(EndpointDataSource))!;
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (pattern.StartsWith("/_content/", StringComparison.Ordinal) || pattern.StartsWith("/_framework/", StringComparison.Ordinal)
                || pattern.StartsWith("/{*", StringComparison.Ordinal) || pattern.StartsWith("/{**", StringComparison.Ordinal)
                || pattern.Contains(":grpcunimplemented}", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                result.Add($"{method} {pattern}");
            }
        }

        return result;
    }
}
