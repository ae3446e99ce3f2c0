using Geofence.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// Base of each service's own database context. Every table carries the service's prefix (services may share one
/// database but never each other's tables), and every service has its own transactional outbox.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options, string tablePrefix) : DbContext(options)
{
    public string TablePrefix { get; } = tablePrefix;

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable($"{TablePrefix}_outbox");
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageType).HasMaxLength(300);
            e.HasIndex(m => m.PublishedAt);
        });
    }

    /// <summary>All times are stored in UTC and read back as UTC, on SQLite as on PostgreSQL.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
