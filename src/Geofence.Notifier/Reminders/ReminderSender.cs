using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Reminders;

/// <summary>
/// Handles one due row of the schedule in one transaction: the person's row first (as every decision about them), then
/// the claim of the row, then its outcome. A held-back message goes out unchanged, with its id (or, if the person opted
/// out or installed the app meanwhile, is reported suppressed). A reminder is decided with the rules in force now:
/// cancelled without a report when it is over <c>reminders.max</c>, the visit has ended, the person opted out or
/// installed the app (no message existed, so there is nothing to report); suppressed as <c>capped</c> (which ends the
/// chain); else built, queued or held by quiet hours, and the next one scheduled.
/// </summary>
public sealed class ReminderSender(
    NotifierDb db,
    PersonGate gate,
    ReminderSchedule schedule,
    NotificationComposer composer,
    Outgoing outgoing,
    MessagingRulesHolder rules,
    PersonKeys personKeys,
    FieldCipher cipher,
    TimeProvider time,
    ILogger<ReminderSender> logger)
{
    /// <summary>The outcomes, as logged and as tests count them.</summary>
    public const string Sent = "sent", Deferred = "deferred", Cancelled = "cancelled", Suppressed = "suppressed", Lost = "claimed-elsewhere";

    /// <summary>Decides on <paramref name="row"/> (read without a lock); returns what became of it.</summary>
    public async Task<string> HandleAsync(ScheduledMessage row, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var inForce = rules.Current;
        var optedOut = await db.OptOuts.WhereActive().AnyAsync(o => o.PersonKey == row.PersonKey, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await gate.LockAsync(row.PersonKey, now, ct);
        if (!await schedule.ClaimAsync(row.Id, ct)) return Lost;
        var installed = await gate.IsInstalledAsync(row.PersonKey, ct);

        var outcome = row.Kind == ScheduledMessage.Deferred
            ? Release(row, optedOut ? "opted-out" : installed ? "already-installed" : null, now)
            : await RemindAsync(row, optedOut || installed, inForce, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("{Kind} {Id} (person's reminder {Number}): {Outcome}", row.Kind, row.Id, row.Number, outcome);
        return outcome;
    }

    private string Release(ScheduledMessage row, string? suppressedBecause, DateTimeOffset now)
    {
        var command = JsonSerializer.Deserialize<SendNotification>(row.Message!, MessageContracts.JsonOptions)!;
        if (suppressedBecause is null)
        {
            db.Outbox.Add(OutboxMessage.For(command, now));
            return Sent;
        }
        db.Outbox.Add(OutboxMessage.For(new NotificationSuppressed(command.NotificationId, suppressedBecause, command.PersonKey,
            command.Language, command.Trigger, command.ProvinceCode, command.PropertyId, now, command.DeviceId), now));
        return Suppressed;
    }

    private async Task<string> RemindAsync(ScheduledMessage row, bool stopped, MessagingRules inForce, DateTimeOffset now, CancellationToken ct)
    {
        var policy = inForce.Policy;
        if (stopped || row.Number > policy.Reminders.Max || now.ToUnixTimeMilliseconds() >= row.VisitEndsAtMs)
        {
            await schedule.MarkCancelledAsync(row.Id, ct);
            return Cancelled;
        }
        var (addressee, phone) = schedule.AddresseeOf(row);
        var device = row.DeviceKey is null ? null : await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Key == row.DeviceKey, ct);
        var recipient = await Recipient.ResolveAsync(db, personKeys, cipher, phone, device, ct);
        addressee = addressee with { Language = addressee.Language ?? recipient.Device?.Language };
        var language = NotificationComposer.LanguageFor(addressee, recipient.Phone);
        var notificationId = NewId.NextSequentialGuid();
        if (!recipient.Reachable)
        {
            await schedule.MarkCancelledAsync(row.Id, ct);
            return Cancelled;
        }
        if (await gate.IsCappedAsync(row.PersonKey, policy.Caps, now, ct))
        {
            db.Outbox.Add(OutboxMessage.For(new NotificationSuppressed(notificationId, "capped", row.PersonKey, language, Triggers.Reminder,
                row.ProvinceCode, row.PropertyId, now, recipient.Device?.DeviceId), now));
            return Suppressed;
        }
        gate.Record(notificationId, row.PersonKey, now);
        // The reminder is the person's, whichever key found them at the arrival.
        var command = composer.Compose(notificationId, TemplatePurposes.Reminder, Triggers.Reminder, row.ProvinceCode, row.PropertyId,
            recipient with { PersonKey = row.PersonKey }, addressee, language, inForce, now);
        var deferred = outgoing.Queue(command, recipient.FirstChannel, policy.QuietHours, now);
        if (row.Number < policy.Reminders.Max) schedule.AddNext(row, now + policy.Reminders.After);
        return deferred is null ? Sent : Deferred;
    }
}
