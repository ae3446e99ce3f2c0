using Geofence.Messaging.Persistence;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Audiences;
using Geofence.Notifier.Campaigns;
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
    public DbSet<Audience> Audiences => Set<Audience>();
    public DbSet<AudienceMember> AudienceMembers => Set<AudienceMember>();
    public DbSet<SeenPhone> SeenPhones => Set<SeenPhone>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignRound> CampaignRounds => Set<CampaignRound>();
    public DbSet<CampaignWork> CampaignWork => Set<CampaignWork>();

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
            e.HasIndex(v => v.NotifiedAtMs); // the retention purge
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
            e.HasIndex(l => l.CreatedAt); // the retention purge
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
            e.HasIndex(p => p.TouchedAtMs); // the retention purge
        });
        modelBuilder.Entity<SentMessage>(e =>
        {
            e.ToTable("notifier_sends");
            e.HasKey(s => s.NotificationId);
            e.Property(s => s.NotificationId).HasColumnName("notification_id");
            e.Property(s => s.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(s => s.AtMs).HasColumnName("at_ms");
            e.HasIndex(s => new { s.PersonKey, s.AtMs });
            e.HasIndex(s => s.AtMs); // the retention purge
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
        MapCampaigns(modelBuilder);
        modelBuilder.Entity<Decision>(e =>
        {
            e.HasKey(d => d.Key);
            e.Property(d => d.Key).HasMaxLength(300);
            e.Property(d => d.Outcome).HasMaxLength(32);
            e.HasIndex(d => d.DecidedAt); // the retention purge
        });
    }

    /// <summary>Audiences and campaigns: column names spelled out, because planning and release use hand-written SQL.</summary>
    private static void MapCampaigns(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Audience>(e =>
        {
            e.ToTable("notifier_audiences");
            e.HasKey(a => a.AudienceId);
            e.Property(a => a.AudienceId).HasColumnName("audience_id");
            e.Property(a => a.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(a => a.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(a => a.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(a => a.ProvinceCode).HasColumnName("province_code").HasMaxLength(8);
            e.Property(a => a.Days).HasColumnName("days");
            e.Property(a => a.Of).HasColumnName("of").HasMaxLength(2000);
            e.Property(a => a.Members).HasColumnName("members");
            e.Property(a => a.Rejected).HasColumnName("rejected");
            e.Property(a => a.CreatedAtMs).HasColumnName("created_at_ms");
        });
        modelBuilder.Entity<AudienceMember>(e =>
        {
            e.ToTable("notifier_audience_members");
            e.HasKey(m => new { m.AudienceId, m.PersonKey });
            e.Property(m => m.AudienceId).HasColumnName("audience_id");
            e.Property(m => m.Seq).HasColumnName("seq");
            e.Property(m => m.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(m => m.Phone).HasColumnName("phone").HasMaxLength(FieldCipher.StoredLength(20));
            e.Property(m => m.Language).HasColumnName("language").HasMaxLength(35);
            e.Property(m => m.Name).HasColumnName("name").HasMaxLength(FieldCipher.StoredLength(400));
            e.Property(m => m.Line).HasColumnName("line");
            e.HasIndex(m => new { m.AudienceId, m.Seq }).IsUnique();
        });
        modelBuilder.Entity<SeenPhone>(e =>
        {
            e.ToTable("notifier_phones_seen");
            e.HasKey(p => new { p.PersonKey, p.ProvinceCode });
            e.Property(p => p.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(p => p.ProvinceCode).HasColumnName("province_code").HasMaxLength(8);
            e.Property(p => p.Phone).HasColumnName("phone").HasMaxLength(FieldCipher.StoredLength(20));
            e.Property(p => p.LastSeenAtMs).HasColumnName("last_seen_at_ms");
            e.HasIndex(p => new { p.ProvinceCode, p.LastSeenAtMs });
            e.HasIndex(p => p.LastSeenAtMs); // the retention purge
        });
        modelBuilder.Entity<Campaign>(e =>
        {
            e.ToTable("notifier_campaigns");
            e.HasKey(c => c.CampaignId);
            e.Property(c => c.CampaignId).HasColumnName("campaign_id");
            e.Property(c => c.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(c => c.AudienceId).HasColumnName("audience_id");
            e.Property(c => c.ProvinceCode).HasColumnName("province_code").HasMaxLength(8);
            e.Property(c => c.Channels).HasColumnName("channels").HasMaxLength(32);
            e.Property(c => c.StartAtMs).HasColumnName("start_at_ms");
            e.Property(c => c.RepeatEveryMs).HasColumnName("repeat_every_ms");
            e.Property(c => c.MaxRounds).HasColumnName("max_rounds");
            e.Property(c => c.EndAtMs).HasColumnName("end_at_ms");
            e.Property(c => c.MaxSmsPartsPerDay).HasColumnName("max_sms_parts_per_day");
            e.Property(c => c.Texts).HasColumnName("texts");
            e.Property(c => c.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(c => c.StatusReason).HasColumnName("status_reason").HasMaxLength(64);
            e.Property(c => c.CurrentRound).HasColumnName("current_round");
            e.Property(c => c.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(c => c.UpdatedAtMs).HasColumnName("updated_at_ms");
            e.HasIndex(c => c.Status);
        });
        modelBuilder.Entity<CampaignRound>(e =>
        {
            e.ToTable("notifier_campaign_rounds");
            e.HasKey(r => new { r.CampaignId, r.Round });
            e.Property(r => r.CampaignId).HasColumnName("campaign_id");
            e.Property(r => r.Round).HasColumnName("round");
            e.Property(r => r.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(r => r.DueAtMs).HasColumnName("due_at_ms");
            e.Property(r => r.PlannedThroughSeq).HasColumnName("planned_through_seq");
            e.Property(r => r.Planned).HasColumnName("planned");
            e.Property(r => r.StartedAtMs).HasColumnName("started_at_ms");
            e.Property(r => r.FinishedAtMs).HasColumnName("finished_at_ms");
        });
        modelBuilder.Entity<CampaignWork>(e =>
        {
            e.ToTable("notifier_campaign_work");
            e.HasKey(w => new { w.CampaignId, w.Round, w.PersonKey });
            e.Property(w => w.CampaignId).HasColumnName("campaign_id");
            e.Property(w => w.Round).HasColumnName("round");
            e.Property(w => w.Seq).HasColumnName("seq");
            e.Property(w => w.PersonKey).HasColumnName("person_key").HasMaxLength(64);
            e.Property(w => w.NotificationId).HasColumnName("notification_id");
            e.Property(w => w.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(w => w.Reason).HasColumnName("reason").HasMaxLength(64);
            e.Property(w => w.Channel).HasColumnName("channel").HasMaxLength(8);
            e.Property(w => w.SmsParts).HasColumnName("sms_parts");
            e.Property(w => w.QueuedAtMs).HasColumnName("queued_at_ms");
            e.Property(w => w.SentAtMs).HasColumnName("sent_at_ms");
            e.Property(w => w.UpdatedAtMs).HasColumnName("updated_at_ms");
            e.HasIndex(w => w.NotificationId).IsUnique();
            // Release takes the next pending people in order; progress counts by status.
            e.HasIndex(w => new { w.CampaignId, w.Round, w.Status, w.Seq });
            e.HasIndex(w => w.UpdatedAtMs); // the retention purge
        });
    }
}
