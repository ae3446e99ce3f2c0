using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Receipts;
using Geofence.Dispatcher.Sandbox;
using Geofence.Messaging.Persistence;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher;

public sealed class DispatcherDb(DbContextOptions<DispatcherDb> options) : ServiceDbContext(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<SandboxMessage> SandboxMessages => Set<SandboxMessage>();
    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();
    public DbSet<ZaloTokenRow> ZaloTokens => Set<ZaloTokenRow>();
    public DbSet<EarlyReceipt> EarlyReceipts => Set<EarlyReceipt>();

    protected override void OnServiceModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Delivery>(e =>
        {
            e.HasKey(d => d.NotificationId);
            // Receipts name the provider's message id, not ours.
            e.HasIndex(d => new { d.Provider, d.ProviderMessageId });
            e.HasIndex(d => d.CompletedAt); // the retention purge
        });
        modelBuilder.Entity<DeliveryAttempt>(e =>
        {
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.NotificationId);
            e.HasIndex(a => a.At); // the retention purge
        });
        modelBuilder.Entity<EarlyReceipt>(e =>
        {
            e.HasKey(r => r.Id);
        });
        modelBuilder.Entity<ZaloTokenRow>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.Version).IsConcurrencyToken();
            e.Property(t => t.AccessToken).HasMaxLength(FieldCipher.StoredLength(2000));
            e.Property(t => t.RefreshToken).HasMaxLength(FieldCipher.StoredLength(2000));
        });
        modelBuilder.Entity<SandboxMessage>(e =>
        {
            e.HasKey(m => m.Id);
            e.HasIndex(m => m.NotificationId).IsUnique();
            e.HasIndex(m => m.PersonKey);
            e.HasIndex(m => m.DeviceId);
            e.HasIndex(m => m.RecordedAt); // the retention purge
        });
    }
}
