using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// Creates a service's tables if they do not exist yet. EnsureCreated cannot be used because several services may
/// share one database: it does nothing once any table exists. On PostgreSQL an advisory lock keeps replicas that
/// start together from racing.
/// </summary>
internal sealed partial class SchemaCreator<TContext>(IServiceScopeFactory scopes, ILogger<SchemaCreator<TContext>> logger)
    : IHostedService where TContext : ServiceDbContext
{
    private const long AdvisoryLockKey = 0x6765_6f66_656e_6365; // "geofence"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CreateTablesAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 10 && ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Creating tables for {Context} failed (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var script = IfNotExists(db.Database.GenerateCreateScript());
        var postgres = db.Database.IsNpgsql();

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            else await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync(script, cancellationToken);
        }
        finally
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string IfNotExists(string script) =>
        CreateStatement().Replace(script, m => $"{m.Value}IF NOT EXISTS ")
            .Replace("{", "{{").Replace("}", "}}"); // ExecuteSqlRaw formats its text

    [GeneratedRegex(@"\bCREATE (UNIQUE )?(TABLE|INDEX) ")]
    private static partial Regex CreateStatement();
}
