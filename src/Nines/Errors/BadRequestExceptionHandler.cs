using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Nines.Errors;

/// <summary>
/// Turns request-reading failures (malformed JSON, wrong content type, body too large) into
/// problem+json with the parser's own position and message, and anything else into a 500 whose
/// detail names the request id to look up in the logs (never the exception text).
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string title, detail;
        switch (exception)
        {
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                (title, detail) = Describe(bad);
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is left to read an answer.
                return true;
            default:
                Log.Unhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                status = StatusCodes.Status500InternalServerError;
                title = "Internal error";
                detail = $"Nines failed to handle this request. The server log has the details under request id {httpContext.TraceIdentifier}.";
                break;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
            Exception = exception,
        });
    }

    private static (string Title, string Detail) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ("Request body too large", "The request body is larger than the server accepts (server.max_request_body_bytes). Send a smaller body.");
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("Unsupported media type", $"{bad.Message} Send 'Content-Type: application/json'.");
        }

        for (Exception? e = bad; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                var where = json.LineNumber is { } line
                    ? $" at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}"
                    : "";
                var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" (field {json.Path})";
                return ("Malformed JSON", $"The request body is not valid JSON for this endpoint{where}{path}: {FirstSentence(json.Message)}");
            }
        }

        return ("Bad request", bad.Message);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled exception for {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
    }
}
