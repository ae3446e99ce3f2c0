using Geofence.Messaging.Outbox;
using Geofence.ServiceDefaults.Problems;
using Geofence.ServiceDefaults.Settings;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Geofence.Messaging.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// A service's database context on the configured provider, its migrations (applied before the service takes any
    /// work), a readiness check, and the relay that publishes its outbox. Call it before the bus is added.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
    {
        var settings = builder.AddSettingsNow<DatabaseSettings>("Database").Resolve(builder.Configuration);
        builder.Services.TryAddSingleton<OutboxSignal<TContext>>();
        builder.Services.TryAddSingleton<OutboxWakeInterceptor<TContext>>();
        builder.Services.AddDbContext<TContext>((sp, options) =>
        {
            settings.Configure(options, typeof(TContext));
            options.AddInterceptors(sp.GetRequiredService<OutboxWakeInterceptor<TContext>>());
        });
        builder.Services.AddHostedService<SchemaMigrationService<TContext>>();
        builder.Services.AddSingleton(new ServiceSchemaRegistration(typeof(TContext)));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseOutage, ProviderOutages>());
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(
            $"database-{typeof(TContext).Name}", HealthStatus.Unhealthy, ["ready"]);

        builder.AddSettings<OutboxSettings>("Outbox");
        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        return builder;
    }
}

/// <summary>A database context this process owns, so that <c>--migrate</c> knows what to migrate.</summary>
public sealed record ServiceSchemaRegistration(Type ContextType);

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

/// <summary>
/// The providers' codes for a database that cannot take writes for now: SQLite's file full (SQLITE_FULL, 13) or read-only
/// (SQLITE_READONLY, 8), PostgreSQL's insufficient resources (class 53: disk full, out of memory, too many connections)
/// or a server shutting down (57P01–57P03).
/// </summary>
internal sealed class ProviderOutages : IDatabaseOutage
{
    public bool IsOutage(System.Data.Common.DbException exception) => exception switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is 13 or 8,
        PostgresException postgres => postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03",
        _ => false,
    };
}
