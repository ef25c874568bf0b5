using Augur.Learning.Bundles;
using Augur.Platform;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Augur.Web.Errors;

/// <summary>
/// Turns the platform's exceptions into ProblemDetails: 404 for anything missing or not visible, 403 for a
/// member whose role does not allow the action, 400 naming the
/// field (and row) for bad input, and a plain 500 with no stack trace for the rest.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = e.Message },
            PlatformValidationException e => Validation(e.Message, new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
            InvalidInputException e => Validation(
                e.Message,
                e.Errors.GroupBy(x => $"rows[{x.Row}].{x.Field}").ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray())),
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "The request could not be read", Detail = e.Message },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on the server", Detail = "The error was logged." },
        };

        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Validation(string detail, IDictionary<string, string[]> errors) =>
        new(errors) { Status = StatusCodes.Status400BadRequest, Title = "The request has invalid values", Detail = detail };
}
