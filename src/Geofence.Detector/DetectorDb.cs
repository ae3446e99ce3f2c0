using Geofence.Detector.Arrivals;
using Geofence.Detector.Fences;
using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Detector;

public sealed class DetectorDb(DbContextOptions<DetectorDb> options) : ServiceDbContext(options)
{
    public DbSet<SubjectState> Subjects => Set<SubjectState>();
    public DbSet<StoredGeofenceSet> GeofenceSets => Set<StoredGeofenceSet>();

    protected override void OnServiceModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SubjectState>(e =>
        {
            e.HasKey(s => s.Key);
            e.HasIndex(s => s.LastAt); // the retention purge
        });
        modelBuilder.Entity<StoredGeofenceSet>(e =>
        {
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
        });
    }
}
