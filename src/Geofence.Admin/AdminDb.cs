using Geofence.Admin.Hotels;
using Geofence.Admin.Notifications;
using Geofence.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin;

public sealed class AdminDb(DbContextOptions<AdminDb> options) : ServiceDbContext(options, "admin")
{
    public DbSet<Hotel> Hotels => Set<Hotel>();
    public DbSet<NotificationReport> Notifications => Set<NotificationReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Hotel>(e =>
        {
            e.ToTable("admin_hotels");
            e.HasKey(h => h.PropertyId);
        });
        modelBuilder.Entity<NotificationReport>(e =>
        {
            e.ToTable("admin_notifications");
            e.HasKey(n => n.Sequence);
            e.HasIndex(n => n.NotificationId).IsUnique();
            e.HasIndex(n => n.PersonKey);
        });
    }
}
