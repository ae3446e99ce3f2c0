using Geofence.Messaging.Persistence;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Links;
using Geofence.Notifier.OptOuts;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier;

public sealed class NotifierDb(DbContextOptions<NotifierDb> options) : ServiceDbContext(options)
{
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<KnownDevice> Devices => Set<KnownDevice>();
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    public DbSet<IssuedLink> Links => Set<IssuedLink>();

    protected override void OnServiceModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Visit>(e =>
        {
            // Column names are spelled out because ArrivalLedger claims visits with hand-written SQL.
            e.HasKey(v => new { v.PersonKey, v.ProvinceCode });
            e.Property(v => v.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(v => v.ProvinceCode).HasColumnName("province_code").HasMaxLength(8);
            e.Property(v => v.NotificationId).HasColumnName("notification_id").HasMaxLength(36);
            e.Property(v => v.DecisionKey).HasColumnName("decision_key").HasMaxLength(300);
            e.Property(v => v.NotifiedAtMs).HasColumnName("notified_at_ms");
        });
        modelBuilder.Entity<KnownDevice>(e =>
        {
            e.HasKey(d => d.Key);
            // Ingest accepts tokens of up to 4096 ASCII characters and E.164 numbers; both are stored encrypted.
            e.Property(d => d.PushToken).HasMaxLength(FieldCipher.StoredLength(4096));
            e.Property(d => d.Phone).HasMaxLength(FieldCipher.StoredLength(20));
            e.HasIndex(d => d.PhoneKey);
        });
        modelBuilder.Entity<OptOut>(e =>
        {
            e.HasKey(o => o.PersonKey);
        });
        modelBuilder.Entity<IssuedLink>(e =>
        {
            e.HasKey(l => l.Token);
            e.HasIndex(l => l.NotificationId);
        });
        modelBuilder.Entity<Decision>(e =>
        {
            e.HasKey(d => d.Key);
            e.Property(d => d.Key).HasMaxLength(300);
            e.Property(d => d.Outcome).HasMaxLength(32);
        });
    }
}
