namespace Nines.Security;

/// <summary>Tells API calls (answered with problem+json) from browser page loads (answered with pages and redirects).</summary>
internal static class RequestKind
{
    private static readonly string[] ApiPrefixes = ["/api/", "/v1/", "/loki/", "/metrics", "/openapi", "/healthz"];

    public static bool IsApi(HttpRequest request)
    {
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
}
