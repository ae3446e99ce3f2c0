using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Geofence.Messaging.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers a service's database context on the configured provider, creates its tables at start-up, and adds
    /// a readiness check. Call it before the bus is added so the tables exist before the first message arrives.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        builder.Services.AddDbContext<TContext>(settings.Configure);
        builder.Services.AddHostedService<SchemaCreator<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(
            $"database-{typeof(TContext).Name}", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }
}

internal sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database is not reachable.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", ex);
        }
    }
}
