using Microsoft.AspNetCore.Mvc;

namespace Nines.Errors;

/// <summary>Writes RFC 9457 problem+json bodies with a human-readable detail.</summary>
internal static class Problems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>A problem result for minimal-API handlers.</summary>
    public static IResult Result(int status, string detail, string? title = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title);

    public static IResult NotFound(string what) => Result(StatusCodes.Status404NotFound, $"{what} was not found in this tenant.", "Not found");

    public static IResult Invalid(string detail) => Result(StatusCodes.Status400BadRequest, detail, "Invalid request");

    public static IResult Conflict(string detail) => Result(StatusCodes.Status409Conflict, detail, "Conflict");
}
