using Geofence.Messaging.Persistence;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Links;
using Geofence.Notifier.OptOuts;
using Geofence.Notifier.Reminders;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
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
    public DbSet<NotifierSetting> Settings => Set<NotifierSetting>();
    public DbSet<PersonState> People => Set<PersonState>();
    public DbSet<SentMessage> Sends => Set<SentMessage>();
    public DbSet<ScheduledMessage> Schedule => Set<ScheduledMessage>();

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
        modelBuilder.Entity<NotifierSetting>(e =>
        {
            e.ToTable("notifier_settings");
            e.HasKey(s => s.Name);
            e.Property(s => s.Name).HasColumnName("name").HasMaxLength(32);
            e.Property(s => s.Version).HasColumnName("version");
            e.Property(s => s.Json).HasColumnName("json");
            e.Property(s => s.ChangedAt).HasColumnName("changed_at");
        });
        modelBuilder.Entity<PersonState>(e =>
        {
            // Column names are spelled out because PersonGate upserts the row with hand-written SQL.
            e.ToTable("notifier_people");
            e.HasKey(p => p.PersonKey);
            e.Property(p => p.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(p => p.InstalledAtMs).HasColumnName("installed_at_ms");
            e.Property(p => p.TouchedAtMs).HasColumnName("touched_at_ms");
        });
        modelBuilder.Entity<SentMessage>(e =>
        {
            e.ToTable("notifier_sends");
            e.HasKey(s => s.NotificationId);
            e.Property(s => s.NotificationId).HasColumnName("notification_id");
            e.Property(s => s.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(s => s.AtMs).HasColumnName("at_ms");
            e.HasIndex(s => new { s.PersonKey, s.AtMs });
        });
        modelBuilder.Entity<ScheduledMessage>(e =>
        {
            e.ToTable("notifier_schedule");
            e.HasKey(s => s.Id);
            e.Property(s => s.Kind).HasMaxLength(16);
            e.Property(s => s.Status).HasMaxLength(16);
            e.Property(s => s.PersonKey).HasMaxLength(64);
            e.Property(s => s.ProvinceCode).HasMaxLength(8);
            e.Property(s => s.PropertyId).HasMaxLength(128);
            e.Property(s => s.VisitTrigger).HasMaxLength(32);
            e.Property(s => s.DeviceKey).HasMaxLength(200);
            e.HasIndex(s => new { s.Status, s.DueAtMs });
            e.HasIndex(s => new { s.PersonKey, s.Status });
        });
        modelBuilder.Entity<Decision>(e =>
        {
            e.HasKey(d => d.Key);
            e.Property(d => d.Key).HasMaxLength(300);
            e.Property(d => d.Outcome).HasMaxLength(32);
        });
    }
}
