using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Nines.Errors;

/// <summary>
/// The catch-all endpoint: tells "no such route" (404) from "route exists, other method" (405
/// with <c>Allow</c>) and "route and method exist, body media type refused" (415). The fallback takes every method so that unknown paths answer 404 to
/// anyone instead of a log-in challenge; this keeps the 405 that routing would have given.
/// Runs only on the error path, so scanning the endpoints is cheap enough.
/// </summary>
internal sealed class UnmatchedRoute(EndpointDataSource endpoints)
{
    private (TemplateMatcher Matcher, IReadOnlyList<string> Methods)[]? _routes;

    public Task HandleAsync(HttpContext context)
    {
        var allowed = AllowedMethods(context.Request.Path);
        if (allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            // The route and method exist, so routing refused the body's media type.
            return StatusPages.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"'{context.Request.ContentType}' is not accepted by {context.Request.Method} {context.Request.Path}; send 'Content-Type: application/json'.");
        }

        if (allowed.Count > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return StatusPages.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"{context.Request.Method} is not allowed on {context.Request.Path}; use {string.Join(" or ", allowed)}.");
        }

        return StatusPages.WriteAsync(context, StatusCodes.Status404NotFound, "Not found",
            $"There is no {context.Request.Method} {context.Request.Path}. The API is described at /openapi.");
    }

    private List<string> AllowedMethods(PathString path)
    {
        _routes ??= Build();
        var allowed = new List<string>();
        foreach (var (matcher, methods) in _routes)
        {
            if (matcher.TryMatch(path, new RouteValueDictionary()))
            {
                foreach (var m in methods)
                {
                    if (!allowed.Contains(m))
                    {
                        allowed.Add(m);
                    }
                }
            }
        }

        return allowed;
    }

    private (TemplateMatcher, IReadOnlyList<string>)[] Build()
    {
        var routes = new List<(TemplateMatcher, IReadOnlyList<string>)>();
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint is RouteEndpoint { RoutePattern.RawText: { } raw } route
                && route.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 } methods
                && !raw.Contains("{*", StringComparison.Ordinal))
            {
                var template = TemplateParser.Parse(RoutePatternFactory.Parse(raw).RawText ?? raw);
                routes.Add((new TemplateMatcher(template, new RouteValueDictionary()), methods.HttpMethods));
            }
        }

        return [.. routes];
    }
}
