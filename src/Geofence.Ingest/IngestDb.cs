using Geofence.Contracts;
using Geofence.Ingest.CheckIns;
using Geofence.Ingest.Feeds;
using Geofence.Ingest.Hotels;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest;

public sealed class IngestDb(DbContextOptions<IngestDb> options) : ServiceDbContext(options)
{
    public DbSet<KnownHotel> Hotels => Set<KnownHotel>();
    public DbSet<AcceptedCheckIn> CheckIns => Set<AcceptedCheckIn>();
    public DbSet<KnownFeed> Feeds => Set<KnownFeed>();
    public DbSet<IntegrationKey> IntegrationKeys => Set<IntegrationKey>();

    /// <summary>Tells Admin, with the change that stores them, that these keys are now known here (see <see cref="IntegrationKeysConfirmed"/>).</summary>
    public void ConfirmKeys(IReadOnlyList<string> keyHashes, TimeProvider time)
    {
        var now = time.GetUtcNow();
        Outbox.Add(OutboxMessage.For(new IntegrationKeysConfirmed(keyHashes, now), now));
    }

    protected override void OnServiceModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KnownHotel>(e =>
        {
            e.HasKey(h => h.PropertyId);
            e.HasIndex(h => h.ApiKeyHash).IsUnique();
        });
        modelBuilder.Entity<KnownFeed>(e =>
        {
            e.HasKey(f => f.FeedId);
            e.HasIndex(f => f.ApiKeyHash).IsUnique();
        });
        modelBuilder.Entity<IntegrationKey>(e =>
        {
            e.HasKey(k => k.KeyId);
            e.Property(k => k.KeyId).ValueGeneratedNever();
            e.HasIndex(k => k.KeyHash).IsUnique();
        });
        modelBuilder.Entity<AcceptedCheckIn>(e =>
        {
            e.ToTable("ingest_checkins");
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.PropertyId, c.IdempotencyKey }).IsUnique();
            e.HasIndex(c => c.AcceptedAt); // the retention purge
        });
    }
}
