using System.Text.Encodings.Web;
using Nines.Security;

namespace Nines.Errors;

/// <summary>
/// Bodies for answers that no endpoint wrote (unknown route, wrong method, a bare 4xx from a
/// handler): problem+json for API callers, a small readable page for people in a browser.
/// </summary>
internal static class StatusPages
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (RequestKind.IsApi(context.Request))
        {
            return Problems.WriteAsync(context, status, title, detail);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var html = HtmlEncoder.Default;
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>{status} {html.Encode(title)} · Nines</title>
              <link rel="stylesheet" href="/_content/Nines.Web/dist/app.css" />
            </head>
            <body>
              <main class="status-page">
                <h1>{status} · {html.Encode(title)}</h1>
                <p>{html.Encode(detail)}</p>
                <p>Request id <code>{html.Encode(context.TraceIdentifier)}</code>.</p>
                <p><a href="/">Back to Nines</a></p>
              </main>
            </body>
            </html>
            """);
    }

    /// <summary>The status-code-pages handler: fills in a body for an empty error answer.</summary>
    public static Task FromStatusCodeAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (title, detail) = Describe(status, http);
        return WriteAsync(http, status, title, detail);
    }

    /// <summary>The title and a detail that says what to do, for a bare status code.</summary>
    public static (string Title, string Detail) Describe(int status, HttpContext http) => status switch
    {
        StatusCodes.Status404NotFound => ("Not found", $"There is no {http.Request.Method} {http.Request.Path}. The API is described at /openapi."),
        StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
        StatusCodes.Status401Unauthorized => ("Authentication required", "Send an API token as 'Authorization: Bearer <token>'."),
        StatusCodes.Status403Forbidden => ("Forbidden", "The caller may not do this."),
        StatusCodes.Status413PayloadTooLarge => ("Request body too large", "The request body is larger than the server accepts (server.max_request_body_bytes)."),
        StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "Send 'Content-Type: application/json'."),
        _ => (ReasonPhrase(status), "The request could not be handled."),
    };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
