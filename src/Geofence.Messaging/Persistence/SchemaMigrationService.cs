using Geofence.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// Runs before anything else of the service: applies its pending migrations (<c>Database:ApplyMigrations</c>, the
/// default), or refuses to start when they are pending and applying them is left to a deployment step.
/// </summary>
internal sealed class SchemaMigrationService<TContext>(
    IServiceScopeFactory scopes, DatabaseSettings settings, ILogger<SchemaMigrationService<TContext>> logger)
    : IHostedService where TContext : ServiceDbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await BringUpToDateAsync(db, cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 10 && ServiceSchema.IsUnreachable(ex))
            {
                logger.LogWarning(ex, "The database of {Context} is not reachable (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BringUpToDateAsync(TContext db, CancellationToken ct)
    {
        var prefix = ServiceDbContext.TablePrefixOf(typeof(TContext));
        if (settings.ApplyMigrations)
        {
            var applied = await ServiceSchema.MigrateAsync(db, ct);
            if (applied.Count > 0)
                logger.LogInformation("Schema {Prefix}: applied {Count} migrations ({Migrations})", prefix, applied.Count, string.Join(", ", applied));
        }
        else if (await ServiceSchema.PendingAsync(db, ct) is { Count: > 0 } pending)
        {
            throw new StartupRefusedException(
                $"the {prefix} schema is behind this build: {string.Join(", ", pending)} not applied, and Database__ApplyMigrations is false. " +
                "Run the service with --migrate first.");
        }
        if (await ServiceSchema.UnknownAppliedAsync(db, ct) is { Count: > 0 } newer)
            logger.LogWarning("Schema {Prefix} has migrations this build does not know ({Migrations}): a newer release migrated it",
                prefix, string.Join(", ", newer));
    }
}
