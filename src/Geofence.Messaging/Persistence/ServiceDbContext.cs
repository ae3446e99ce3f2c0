using System.Text;
using Geofence.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// Base of each service's own database context. Services may share one database but never each other's tables, so
/// every table carries the service's prefix by convention: <c>IngestDb</c>'s <c>Hotels</c> are <c>ingest_hotels</c>.
/// Every service has its own transactional outbox (<c>{prefix}_outbox</c>) and its own migrations history.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary><c>ingest</c> for <c>IngestDb</c>: the context's name without "Db", in lower case.</summary>
    public static string TablePrefixOf(Type contextType)
    {
        var name = contextType.Name;
        return (name.EndsWith("Db", StringComparison.Ordinal) ? name[..^2] : name).ToLowerInvariant();
    }

    /// <summary>The table that records which migrations this service's schema has had.</summary>
    public static string MigrationsHistoryTableOf(Type contextType) => $"{TablePrefixOf(contextType)}_migrations";

    /// <summary>Set by <c>OutboxWakeInterceptor</c> while a save that added outbox rows awaits its commit.</summary>
    internal bool OutboxRowsPending { get; set; }

    /// <summary>Whether this schema has an outbox table: every service's does; the messaging layer's own does not.</summary>
    protected virtual bool HasOutbox => true;

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (HasOutbox)
            modelBuilder.Entity<OutboxMessage>(e =>
            {
                e.HasKey(m => m.Id);
                e.Property(m => m.Contract).HasMaxLength(300);
                e.HasIndex(m => m.PublishedAt);
            });
        else modelBuilder.Ignore<OutboxMessage>();
        OnServiceModelCreating(modelBuilder);

        var prefix = TablePrefixOf(GetType()) + "_";
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && !table.StartsWith(prefix, StringComparison.Ordinal))
                entity.SetTableName(prefix + SnakeCase(table));
        }
    }

    /// <summary>The service's own entities; their tables are named by the convention unless given a prefixed name.</summary>
    protected abstract void OnServiceModelCreating(ModelBuilder modelBuilder);

    /// <summary>All times are stored in UTC and read back as UTC, on SQLite as on PostgreSQL.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>"OptOuts" → "opt_outs".</summary>
    private static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(name[i]));
        }
        return snake.ToString();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
