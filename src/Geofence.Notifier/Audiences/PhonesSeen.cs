using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Audiences;

/// <summary>
/// Keeps <c>notifier_phones_seen</c>: the last time a telecom feed reported a number entering a province, the number
/// encrypted, for "telecom-seen" audiences. One atomic upsert that keeps the latest time, so a late or redelivered
/// report never moves it back.
/// </summary>
public static class PhonesSeen
{
    /// <summary>Records the sighting; run it inside the transaction that records the entry's decision.</summary>
    public static Task RecordAsync(NotifierDb db, string personKey, string provinceCode, string encryptedPhone, DateTimeOffset at,
        CancellationToken ct) => db.Database.ExecuteSqlRawAsync(
        """
        INSERT INTO notifier_phones_seen (person_key, province_code, phone, last_seen_at_ms) VALUES ({0}, {1}, {2}, {3})
        ON CONFLICT (person_key, province_code) DO UPDATE
        SET phone = excluded.phone, last_seen_at_ms = excluded.last_seen_at_ms
        WHERE notifier_phones_seen.last_seen_at_ms < excluded.last_seen_at_ms
        """, [personKey, provinceCode, encryptedPhone, at.ToUnixTimeMilliseconds()], ct);
}
