using Geofence.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Sending;

/// <summary>What the Notifier knows of a person across visits (<c>notifier_people</c>): when they reported the app installed.</summary>
public sealed class PersonState
{
    public required string PersonKey { get; set; }
    /// <summary>Unix milliseconds of the install report; null while none came.</summary>
    public long? InstalledAtMs { get; set; }
    /// <summary>Unix milliseconds of the last decision about the person; written by the upsert that serialises decisions.</summary>
    public long TouchedAtMs { get; set; }
}

/// <summary>One message queued for a person (<c>notifier_sends</c>), sent or deferred: what the frequency caps count.</summary>
public sealed class SentMessage
{
    public Guid NotificationId { get; set; }
    public required string PersonKey { get; set; }
    public long AtMs { get; set; }
}

/// <summary>
/// Serialises every decision about one person and keeps the caps. <see cref="LockAsync"/> is one atomic upsert of the
/// person's row and must be the transaction's first write: in PostgreSQL it holds the row lock until commit, in SQLite
/// the first write takes the database lock; so two replicas deciding about the same person run one after the other,
/// and the second counts the first one's message. Every path that writes person rows and schedule rows takes the
/// person first, so that two transactions never wait on each other in opposite orders.
/// </summary>
public sealed class PersonGate(NotifierDb db)
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    public Task LockAsync(string personKey, DateTimeOffset now, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(
        """
        INSERT INTO notifier_people (person_key, touched_at_ms) VALUES ({0}, {1})
        ON CONFLICT (person_key) DO UPDATE SET touched_at_ms = excluded.touched_at_ms
        """, [personKey, now.ToUnixTimeMilliseconds()], ct);

    /// <summary>
    /// <see cref="LockAsync"/> for many people in one statement, in ordinal order of their keys, so that two batches
    /// never wait on each other's people crosswise.
    /// </summary>
    public Task LockAllAsync(IReadOnlyCollection<string> personKeys, DateTimeOffset now, CancellationToken ct)
    {
        if (personKeys.Count == 0) return Task.CompletedTask;
        var rows = string.Join(',', Enumerable.Range(0, personKeys.Count).Select(i => $"({{{i + 1}}},{{0}})"));
        object[] parameters = [now.ToUnixTimeMilliseconds(), .. personKeys.Order(StringComparer.Ordinal)];
        var sql = "INSERT INTO notifier_people (person_key, touched_at_ms) VALUES " + rows
            + " ON CONFLICT (person_key) DO UPDATE SET touched_at_ms = excluded.touched_at_ms";
        return db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
    }

    /// <summary>Installed by the person's own report or any of their devices' flags.</summary>
    public async Task<bool> IsInstalledAsync(string personKey, CancellationToken ct) =>
        await db.People.AnyAsync(p => p.PersonKey == personKey && p.InstalledAtMs != null, ct)
        || await db.Devices.AnyAsync(d => d.PhoneKey == personKey && d.BluezoneInstalled, ct);

    /// <summary>Whether one more message now would exceed the caps (in any 24 hours, any 30 days).</summary>
    public async Task<bool> IsCappedAsync(string personKey, FrequencyCaps caps, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var dayAgo = nowMs - (long)Day.TotalMilliseconds;
        var monthAgo = nowMs - (long)Month.TotalMilliseconds;
        var sends = db.Sends.Where(s => s.PersonKey == personKey);
        return await sends.CountAsync(s => s.AtMs > dayAgo, ct) >= caps.Per24Hours
            || await sends.CountAsync(s => s.AtMs > monthAgo, ct) >= caps.Per30Days;
    }

    /// <summary>
    /// Those of <paramref name="personKeys"/> whom one more message now would take over the caps, in one query; each
    /// person counts once, so this holds only for people who get at most one message in the same decision.
    /// </summary>
    public async Task<HashSet<string>> CappedAmongAsync(IReadOnlyCollection<string> personKeys, FrequencyCaps caps, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var dayAgo = nowMs - (long)Day.TotalMilliseconds;
        var monthAgo = nowMs - (long)Month.TotalMilliseconds;
        var counts = await db.Sends.Where(s => personKeys.Contains(s.PersonKey) && s.AtMs > monthAgo)
            .GroupBy(s => s.PersonKey)
            .Select(g => new { PersonKey = g.Key, Day = g.Count(s => s.AtMs > dayAgo), Month = g.Count() })
            .ToListAsync(ct);
        return counts.Where(c => c.Day >= caps.Per24Hours || c.Month >= caps.Per30Days).Select(c => c.PersonKey).ToHashSet();
    }

    /// <summary>Counts the message against the caps (saved with the decision).</summary>
    public void Record(Guid notificationId, string personKey, DateTimeOffset now) =>
        db.Sends.Add(new SentMessage { NotificationId = notificationId, PersonKey = personKey, AtMs = now.ToUnixTimeMilliseconds() });
}
