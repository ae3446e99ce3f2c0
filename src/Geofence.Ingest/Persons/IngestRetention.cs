using Geofence.Messaging.PersonalData;

namespace Geofence.Ingest.Persons;

/// <summary>Ingest's check-in records past <c>Privacy:Retention</c> (a repeat of so old a post is no longer recognised).</summary>
public sealed class IngestRetention(IServiceScopeFactory scopes, RetentionSettings settings, TimeProvider time, ILogger<IngestRetention> logger)
    : RetentionHousekeeping<IngestDb>(scopes, settings, time, logger)
{
    protected override Task<int> PurgeAsync(IngestDb db, DateTimeOffset cutoff, CancellationToken ct) =>
        DeleteInBatchesAsync(db.CheckIns.Where(c => c.AcceptedAt < cutoff.UtcDateTime), ct);
}
