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
    /// <summary>Method and route pattern → the lowest role allowed; null = anonymous.</summary>
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
            var path = key[(method.Length + 1)..].Replace("{id}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal);
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PATCH" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = Expectation(required, who);
                var ok = expected switch
                {
                    "allowed" => status is not (401 or 403) && status < 500,
                    "401" => status == 401,
                    _ => status == 403,
                };
                if (!ok)
                {
                    failures.Add($"{key} as {who}: expected {expected}, got {status}");
                }
                else if (expected != "allowed")
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

    private static string Expectation(Role? required, string who)
    {
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
            if (!(pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/healthz", StringComparison.Ordinal)
                || pattern.StartsWith("/metrics", StringComparison.Ordinal) || pattern.StartsWith("/openapi", StringComparison.Ordinal)))
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
