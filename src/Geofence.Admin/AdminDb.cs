using Geofence.Admin.Feeds;
using Geofence.Admin.Geofences;
using Geofence.Admin.Hotels;
using Geofence.Admin.Keys;
using Geofence.Admin.Notifications;
using Geofence.Admin.OptOuts;
using Geofence.Admin.Persons;
using Geofence.Admin.Policy;
using Geofence.Admin.Templates;
using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin;

public sealed class AdminDb(DbContextOptions<AdminDb> options) : ServiceDbContext(options)
{
    public DbSet<Hotel> Hotels => Set<Hotel>();
    public DbSet<NotificationReport> Notifications => Set<NotificationReport>();
    public DbSet<Feed> Feeds => Set<Feed>();
    public DbSet<OptOutEntry> OptOuts => Set<OptOutEntry>();
    public DbSet<StoredGeofence> Geofences => Set<StoredGeofence>();
    public DbSet<GeofenceSetVersion> GeofenceVersions => Set<GeofenceSetVersion>();
    public DbSet<StoredTemplate> Templates => Set<StoredTemplate>();
    public DbSet<TemplateSetVersion> TemplateSetVersions => Set<TemplateSetVersion>();
    public DbSet<StoredPolicy> Policies => Set<StoredPolicy>();
    public DbSet<InstallClick> InstallClicks => Set<InstallClick>();
    public DbSet<IssuedKey> IssuedKeys => Set<IssuedKey>();
    public DbSet<PersonErasure> PersonErasures => Set<PersonErasure>();

    protected override void OnServiceModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Hotel>(e =>
        {
            e.HasKey(h => h.PropertyId);
        });
        modelBuilder.Entity<OptOutEntry>(e =>
        {
            e.HasKey(o => o.PersonKey);
        });
        modelBuilder.Entity<Feed>(e =>
        {
            e.HasKey(f => f.FeedId);
        });
        modelBuilder.Entity<IssuedKey>(e =>
        {
            e.HasKey(k => k.KeyId);
            e.Property(k => k.KeyId).ValueGeneratedNever();
            e.HasIndex(k => k.KeyHash).IsUnique();
            e.HasIndex(k => new { k.Kind, k.OwnerId });
        });
        modelBuilder.Entity<StoredGeofence>(e =>
        {
            e.HasKey(g => g.Id);
            e.HasIndex(g => new { g.Kind, g.Code });
        });
        modelBuilder.Entity<GeofenceSetVersion>(e =>
        {
            e.HasKey(v => v.Version);
            e.Property(v => v.Version).ValueGeneratedNever();
        });
        modelBuilder.Entity<NotificationReport>(e =>
        {
            e.HasKey(n => n.Sequence);
            e.HasIndex(n => n.NotificationId).IsUnique();
            e.HasIndex(n => n.PersonKey);
            e.HasIndex(n => n.DeviceId);
            // The report's filters, each read newest first.
            e.HasIndex(n => new { n.CampaignId, n.Sequence });
            e.HasIndex(n => new { n.Trigger, n.Sequence });
            e.HasIndex(n => n.CreatedAt); // the retention purge
        });
        modelBuilder.Entity<InstallClick>(e =>
        {
            // A click is counted once, however often its event is delivered (redelivery, an outbox replay).
            e.HasKey(c => new { c.NotificationId, c.At });
            e.HasIndex(c => c.At); // the retention purge
        });
        modelBuilder.Entity<PersonErasure>(e =>
        {
            e.HasKey(p => new { p.ErasureId, p.Service });
        });
        modelBuilder.Entity<StoredTemplate>(e =>
        {
            e.HasKey(t => t.Id);
            // Two saves of one template at the same moment would take the same version: the second is refused.
            e.HasIndex(t => new { t.Purpose, t.Channel, t.Language, t.Version }).IsUnique();
            e.HasIndex(t => t.IsCurrent);
        });
        modelBuilder.Entity<TemplateSetVersion>(e =>
        {
            e.HasKey(v => v.Version);
            e.Property(v => v.Version).ValueGeneratedNever();
        });
        modelBuilder.Entity<StoredPolicy>(e =>
        {
            e.HasKey(p => p.Version);
            e.Property(p => p.Version).ValueGeneratedNever();
        });
    }
}
