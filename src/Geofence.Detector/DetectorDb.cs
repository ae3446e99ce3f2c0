using Geofence.Detector.Arrivals;
using Geofence.Detector.Fences;
using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Detector;

public sealed class DetectorDb(DbContextOptions<DetectorDb> options) : ServiceDbContext(options, "detector")
{
    public DbSet<SubjectState> Subjects => Set<SubjectState>();
    public DbSet<StoredGeofenceSet> GeofenceSets => Set<StoredGeofenceSet>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<SubjectState>(e =>
        {
            e.ToTable("detector_subjects");
            e.HasKey(s => s.Key);
        });
        modelBuilder.Entity<StoredGeofenceSet>(e =>
        {
            e.ToTable("detector_geofence_sets");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
        });
    }
}
