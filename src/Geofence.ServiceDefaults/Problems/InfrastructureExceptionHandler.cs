using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Geofence.ServiceDefaults.Problems;

/// <summary>
/// Turns failures that are not the caller's fault into honest answers: a database that cannot be reached is a
/// 503 with Retry-After (the caller should try again), a malformed request the framework rejected keeps its status.
/// </summary>
public sealed class InfrastructureExceptionHandler(IProblemDetailsService problems, ILogger<InfrastructureExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            DbException or TimeoutException => Unavailable("The database is not reachable."),
            // An ORM's wrapper around a lost connection (EF Core's DbUpdateException) is the same outage.
            { InnerException: DbException { IsTransient: true } } => Unavailable("The database is not reachable."),
            _ => null,
        };
        if (problem is null) return false;

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Answering 503: {Reason}", problem.Detail);
            context.Response.Headers.RetryAfter = "5";
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Unavailable(string detail) =>
        new() { Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable", Detail = detail };
}
