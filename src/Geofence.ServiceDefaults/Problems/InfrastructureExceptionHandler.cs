using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Geofence.ServiceDefaults.Problems;

/// <summary>
/// Turns failures that are not the caller's fault into honest answers: a database that cannot be reached is a
/// 503 with Retry-After (the caller should try again), and so is one that cannot take writes for now (a full disk),
/// as the registered <see cref="IDatabaseOutage"/>s recognise it; a malformed request the framework rejected keeps its status.
/// </summary>
public sealed class InfrastructureExceptionHandler(IProblemDetailsService problems, ILogger<InfrastructureExceptionHandler> logger,
    IEnumerable<IDatabaseOutage> outages) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            DbException or TimeoutException => Unavailable("The database is not reachable."),
            // An ORM's wrappers around a lost connection (EF Core's DbUpdateException, its execution strategy's
            // InvalidOperationException around that, e.g. on a server shutting down: 57P01) are the same outage.
            _ when Causes(exception).Any(e => e is DbException { IsTransient: true }) => Unavailable("The database is not reachable."),
            { InnerException: DbException inner } when outages.Any(o => o.IsOutage(inner)) => Unavailable("The database cannot take writes for now."),
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

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException) yield return e;
    }

    private static ProblemDetails Unavailable(string detail) =>
        new() { Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable", Detail = detail };
}

/// <summary>
/// Recognises a database failure that is an outage rather than a bug (the disk full, the server out of connections),
/// by the error codes of the provider it knows: the caller gets a 503 and tries again, not a 500.
/// </summary>
public interface IDatabaseOutage
{
    bool IsOutage(DbException exception);
}
