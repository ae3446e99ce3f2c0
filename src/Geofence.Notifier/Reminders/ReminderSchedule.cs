using System.Text.Json;
using Geofence.Contracts;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Reminders;

/// <summary>The addressee of a reminder as stored (sealed as a whole).</summary>
internal sealed record StoredAddressee(string FirstName, string LastName, string? Language, string? Nationality, string? Phone);

/// <summary>Writes reminders into the schedule and keeps their visits' ends.</summary>
public sealed class ReminderSchedule(NotifierDb db, FieldCipher cipher)
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    /// <summary>
    /// When a visit ends: a check-in's departure day at midnight in Vietnam (a stay without one: like an entry), an
    /// entry's <see cref="ReminderPolicy.VisitEndsAfter"/> after it.
    /// </summary>
    public static DateTimeOffset VisitEnd(string trigger, DateTimeOffset arrivedAt, DateOnly? departure, ReminderPolicy policy)
    {
        if (trigger != Triggers.CheckIn || departure is not { } day) return arrivedAt + policy.VisitEndsAfter;
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Vietnam.GetUtcOffset(midnight));
    }

    /// <summary>Adds reminder number <paramref name="number"/> to the context (saved with the decision that queued the previous message).</summary>
    public void Add(int number, Guid followsNotificationId, string personKey, string provinceCode, string? propertyId, string visitTrigger,
        DateTimeOffset arrivedAt, DateTimeOffset visitEndsAt, DateTimeOffset due, string? deviceKey, Addressee addressee, string? phone) =>
        db.Schedule.Add(new ScheduledMessage
        {
            Id = Guid.NewGuid(), Kind = ScheduledMessage.Reminder, Status = ScheduledMessage.Pending, DueAtMs = due.ToUnixTimeMilliseconds(),
            PersonKey = personKey, ProvinceCode = provinceCode, PropertyId = propertyId, Number = number, VisitTrigger = visitTrigger,
            ArrivedAtMs = arrivedAt.ToUnixTimeMilliseconds(), VisitEndsAtMs = visitEndsAt.ToUnixTimeMilliseconds(),
            NotificationId = followsNotificationId, DeviceKey = deviceKey,
            Recipient = cipher.Protect(JsonSerializer.Serialize(new StoredAddressee(addressee.FirstName, addressee.LastName,
                addressee.Language, addressee.Nationality, phone))),
        });

    /// <summary>Another reminder in the same chain, as the row <paramref name="previous"/> describes it.</summary>
    public void AddNext(ScheduledMessage previous, DateTimeOffset due) => db.Schedule.Add(new ScheduledMessage
    {
        Id = Guid.NewGuid(), Kind = ScheduledMessage.Reminder, Status = ScheduledMessage.Pending, DueAtMs = due.ToUnixTimeMilliseconds(),
        PersonKey = previous.PersonKey, ProvinceCode = previous.ProvinceCode, PropertyId = previous.PropertyId, Number = previous.Number + 1,
        VisitTrigger = previous.VisitTrigger, ArrivedAtMs = previous.ArrivedAtMs, VisitEndsAtMs = previous.VisitEndsAtMs,
        NotificationId = previous.NotificationId, DeviceKey = previous.DeviceKey, Recipient = previous.Recipient,
    });

    internal (Addressee Addressee, string? Phone) AddresseeOf(ScheduledMessage reminder)
    {
        var stored = reminder.Recipient is null ? null
            : JsonSerializer.Deserialize<StoredAddressee>(cipher.Unprotect(reminder.Recipient)!);
        return stored is null ? (Addressee.Unknown, null)
            : (new Addressee(stored.FirstName, stored.LastName, stored.Language, stored.Nationality), stored.Phone);
    }

    /// <summary>
    /// An entry of the person into a province: a visit there seen by entries lasts on (until <paramref name="visitEndsAt"/>
    /// at least), and one seen by entries in any other province, begun before this entry, is over.
    /// </summary>
    public async Task TrackEntryAsync(string personKey, string provinceCode, DateTimeOffset at, DateTimeOffset visitEndsAt, CancellationToken ct)
    {
        var (atMs, endsMs) = (at.ToUnixTimeMilliseconds(), visitEndsAt.ToUnixTimeMilliseconds());
        var pending = db.Schedule.Where(s => s.PersonKey == personKey && s.Kind == ScheduledMessage.Reminder
            && s.Status == ScheduledMessage.Pending && s.VisitTrigger == Triggers.ProvinceEntry);
        await pending.Where(s => s.ProvinceCode == provinceCode && s.VisitEndsAtMs < endsMs)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.VisitEndsAtMs, endsMs), ct);
        await pending.Where(s => s.ProvinceCode != provinceCode && s.ArrivedAtMs < atMs)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ScheduledMessage.Cancelled), ct);
    }

    /// <summary>Cancels every pending reminder of the person (they installed the app).</summary>
    public Task<int> CancelAllAsync(string personKey, CancellationToken ct) =>
        db.Schedule.Where(s => s.PersonKey == personKey && s.Kind == ScheduledMessage.Reminder && s.Status == ScheduledMessage.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ScheduledMessage.Cancelled), ct);

    /// <summary>Claims a due row for this transaction: of any number of schedulers, exactly one changes it from pending.</summary>
    public async Task<bool> ClaimAsync(Guid id, CancellationToken ct) =>
        await db.Schedule.Where(s => s.Id == id && s.Status == ScheduledMessage.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ScheduledMessage.Done), ct) == 1;

    public Task MarkCancelledAsync(Guid id, CancellationToken ct) =>
        db.Schedule.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ScheduledMessage.Cancelled), ct);
}
