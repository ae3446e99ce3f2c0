using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// Brings a service's tables to the schema its code expects, through the service's own EF Core migrations. On
/// PostgreSQL an advisory lock makes replicas that start together apply them once, one after the other.
/// </summary>
public static class ServiceSchema
{
    private const long AdvisoryLockKey = 0x6765_6f66_656e_6365; // "geofence"

    /// <summary>
    /// Applies what is pending and says what that was. A database whose tables were created before there were
    /// migrations (by the release that created them at start-up) is adopted first: its tables are the baseline.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ServiceDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var postgres = db.Database.IsNpgsql();
        try
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);
            else await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await AdoptTablesOlderThanMigrationsAsync(db, ct);
            var pending = await PendingAsync(db, ct);
            if (pending.Count > 0) await db.Database.MigrateAsync(ct);
            return pending;
        }
        finally
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The migrations this build has that the database has not had (all of them for tables older than migrations).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(ServiceDbContext db, CancellationToken ct) =>
        db.Database.GetMigrations().Except(await AppliedAsync(db, ct)).ToList();

    /// <summary>Migrations the database has had that this build does not know: a newer release migrated it.</summary>
    public static async Task<IReadOnlyList<string>> UnknownAppliedAsync(ServiceDbContext db, CancellationToken ct) =>
        (await AppliedAsync(db, ct)).Except(db.Database.GetMigrations()).ToList();

    /// <summary>
    /// What the history table lists; none when there is no history table yet (asked of the catalogue first, so that a
    /// fresh database logs no failed query).
    /// </summary>
    private static async Task<IReadOnlyList<string>> AppliedAsync(ServiceDbContext db, CancellationToken ct) =>
        await TableExistsAsync(db, ServiceDbContext.MigrationsHistoryTableOf(db.GetType()), ct)
            ? (await db.Database.GetAppliedMigrationsAsync(ct)).ToList()
            : [];

    /// <summary>The SQL that brings any earlier schema (or none) to this build's, safe to run more than once: for a DBA.</summary>
    public static string Script(ServiceDbContext db) =>
        db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    private static async Task AdoptTablesOlderThanMigrationsAsync(ServiceDbContext db, CancellationToken ct)
    {
        // Asked of the catalogue directly: Npgsql's history repository answers "exists" for a missing table.
        var history = db.GetService<IHistoryRepository>();
        if (await TableExistsAsync(db, ServiceDbContext.MigrationsHistoryTableOf(db.GetType()), ct)) return;
        // The messaging layer's schema is younger than migrations and has no outbox: nothing to adopt.
        if (db.Model.FindEntityType(typeof(Outbox.OutboxMessage))?.GetTableName() is not { } outbox) return;
        if (!await TableExistsAsync(db, outbox, ct)) return;
        var baseline = db.Database.GetMigrations().FirstOrDefault();
        if (baseline is null) return;
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), ct);
    }

    private static async Task<bool> TableExistsAsync(ServiceDbContext db, string table, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct); // nested in MigrateAsync's, which keeps it open
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = db.Database.IsNpgsql()
                ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@name";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Whether a failure is the database not being there yet (worth waiting for) rather than a fault in the schema.</summary>
    internal static bool IsUnreachable(Exception e) => e is DbException or TimeoutException || e.InnerException is DbException;
}
