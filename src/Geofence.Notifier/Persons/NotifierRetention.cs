using Geofence.Messaging.PersonalData;
using Geofence.Notifier.Reminders;

namespace Geofence.Notifier.Persons;

/// <summary>
/// The Notifier's per-person rows past <c>Privacy:Retention</c>: the ledger (visits, decisions, sends, people), links,
/// reminders done or cancelled, phones seen by telecom and campaign messages. A visit older than the retention is
/// forgotten, so a person back after it is told again even if <c>Policy:RenotifyAfterDays</c> is longer.
/// </summary>
public sealed class NotifierRetention(IServiceScopeFactory scopes, RetentionSettings settings, TimeProvider time, ILogger<NotifierRetention> logger)
    : RetentionHousekeeping<NotifierDb>(scopes, settings, time, logger)
{
    protected override async Task<int> PurgeAsync(NotifierDb db, DateTimeOffset cutoff, CancellationToken ct)
    {
        var (before, beforeMs) = (cutoff.UtcDateTime, cutoff.ToUnixTimeMilliseconds());
        return await DeleteInBatchesAsync(db.Visits.Where(v => v.NotifiedAtMs < beforeMs), ct)
            + await DeleteInBatchesAsync(db.Decisions.Where(d => d.DecidedAt < before), ct)
            + await DeleteInBatchesAsync(db.Sends.Where(s => s.AtMs < beforeMs), ct)
            + await DeleteInBatchesAsync(db.People.Where(p => p.TouchedAtMs < beforeMs), ct)
            + await DeleteInBatchesAsync(db.Links.Where(l => l.CreatedAt < before), ct)
            + await DeleteInBatchesAsync(db.Schedule.Where(s => (s.Status == ScheduledMessage.Done || s.Status == ScheduledMessage.Cancelled)
                && s.DueAtMs < beforeMs), ct)
            + await DeleteInBatchesAsync(db.SeenPhones.Where(p => p.LastSeenAtMs < beforeMs), ct)
            + await DeleteInBatchesAsync(db.CampaignWork.Where(w => w.UpdatedAtMs < beforeMs), ct);
    }
}
