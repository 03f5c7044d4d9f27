using System.Diagnostics;

namespace Nines.Observability;

/// <summary>
/// Request and trace correlation. The W3C <c>traceparent</c> of the request is honoured by
/// ASP.NET Core's hosting activity; this middleware returns the server span's own
/// <c>traceparent</c> so a caller can find the request in Nines' logs, and carries an
/// <c>X-Request-Id</c> (the caller's, when it is sane, else the trace id) into every log line.
/// </summary>
internal sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        if (!IsSane(requestId))
        {
            requestId = activity?.TraceId.ToHexString() ?? context.TraceIdentifier;
        }

        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
            {
                context.Response.Headers["traceparent"] = activity.Id;
            }

            return Task.CompletedTask;
        });

        using (logger.BeginScope(new KeyValuePair<string, object>[] { new("RequestId", requestId) }))
        {
            await next(context);
        }
    }

    private static bool IsSane(string id)
    {
        if (id.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
