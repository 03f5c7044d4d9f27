namespace Nines.Security;

/// <summary>Tells API calls (answered with problem+json) from browser page loads (answered with pages and redirects).</summary>
internal static class RequestKind
{
    private static readonly string[] ApiPrefixes = ["/api/", "/v1/", "/loki/", "/metrics", "/openapi", "/healthz"];

    public static bool IsApi(HttpRequest request)
    {
        if (IsGrpc(request))
        {
            return true;
        }

        var path = request.Path.Value ?? "";
        foreach (var prefix in ApiPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (request.Headers.Authorization.Count > 0)
        {
            return true;
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Length > 0 && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>gRPC calls read their outcome from trailers and the HTTP status; a body would confuse them.</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
