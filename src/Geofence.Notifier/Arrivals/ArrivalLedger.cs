using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Arrivals;

/// <summary>
/// One message per person per province per visit. The guarantee is the primary key on (person, province) and a
/// single atomic upsert: of any number of racing reports — a re-posted check-in, a second hotel, a redelivered
/// message, two Notifier replicas — exactly one claims the visit.
/// </summary>
public sealed class ArrivalLedger(NotifierDb db, NotificationPolicy policy)
{
    /// <summary>
    /// Claims the visit for <paramref name="notificationId"/> unless the person was told about the province within the
    /// re-notify window before <paramref name="arrivedAt"/>. Run it inside the transaction that records the decision.
    /// </summary>
    public async Task<bool> TryClaimAsync(string personKey, string provinceCode, Guid notificationId, string decisionKey,
        DateTimeOffset arrivedAt, CancellationToken cancellationToken)
    {
        var at = arrivedAt.ToUnixTimeMilliseconds();
        var cutoff = at - (long)TimeSpan.FromDays(policy.RenotifyAfterDays).TotalMilliseconds;
        var claimed = await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO notifier_visits (person_key, province_code, notification_id, decision_key, notified_at_ms)
            VALUES ({0}, {1}, {2}, {3}, {4})
            ON CONFLICT (person_key, province_code) DO UPDATE
            SET notification_id = excluded.notification_id,
                decision_key = excluded.decision_key,
                notified_at_ms = excluded.notified_at_ms
            WHERE notifier_visits.notified_at_ms <= {5}
            """,
            [personKey, provinceCode, notificationId.ToString(), decisionKey, at, cutoff], cancellationToken);
        return claimed == 1;
    }
}
