using Geofence.Messaging.PersonalData;

namespace Geofence.Admin.Persons;

/// <summary>Admin's per-person rows past <c>Privacy:Retention</c>: report rows, install clicks, erasure records.</summary>
public sealed class AdminRetention(IServiceScopeFactory scopes, RetentionSettings settings, TimeProvider time, ILogger<AdminRetention> logger)
    : RetentionHousekeeping<AdminDb>(scopes, settings, time, logger)
{
    protected override async Task<int> PurgeAsync(AdminDb db, DateTimeOffset cutoff, CancellationToken ct)
    {
        var before = cutoff.UtcDateTime;
        return await DeleteInBatchesAsync(db.Notifications.Where(n => n.CreatedAt < before || (n.CreatedAt == null && n.SentAt < before)), ct)
            + await DeleteInBatchesAsync(db.InstallClicks.Where(c => c.At < before), ct)
            + await DeleteInBatchesAsync(db.PersonErasures.Where(e => e.RequestedAt < before), ct);
    }
}
