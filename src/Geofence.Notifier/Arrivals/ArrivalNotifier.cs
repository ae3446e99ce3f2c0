using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Notifier.Audiences;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Reminders;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Arrivals;

/// <summary>An arrival the Notifier must decide on, whichever source reported it.</summary>
/// <param name="DecisionKey">
/// Identifies the report, so that a redelivered one is recognised and ignored. It is stored and logged, so it names the
/// person by key, never by number or name.
/// </param>
/// <param name="Phone">E.164 in clear: the consumer opened it.</param>
/// <param name="DepartureDate">A check-in's departure day: its visit, and so its reminders, end with it.</param>
/// <param name="SeenByTelecom">A telecom feed reported the phone entering the province: it is remembered for "telecom-seen" audiences.</param>
/// <param name="Stale">Ingest judged the report too old to act on: it is recorded as suppressed (<c>stale</c>), and nothing is sent.</param>
public sealed record Arrival(
    string DecisionKey,
    string Trigger,
    string ProvinceCode,
    DateTimeOffset At,
    string? PropertyId,
    string? Phone,
    KnownDevice? Device,
    Addressee Addressee,
    bool DoNotContact,
    DateOnly? DepartureDate = null,
    bool SeenByTelecom = false,
    bool Stale = false);

/// <summary>
/// Decides for every source alike: who the person is (phone number, else device), whether they may be told at all
/// (a stale report, do-not-contact, an opt-out, the app already installed), whether they were already told during this visit, whether
/// the frequency caps allow one more message, and whether quiet hours hold it back. The command carries the phone and
/// every rendering, so that the Dispatcher can fall back (push → Zalo → SMS) when a provider refuses. The decision, the
/// message (or its deferral), its links and its first reminder are committed together, so a crash in between can neither
/// lose nor double anything.
/// </summary>
/// <remarks>
/// Order inside the transaction: the person's row first (it serialises every decision about them), then the visit's
/// claim, then the caps. A capped arrival has claimed its visit: a later report of the same visit is not told either,
/// which is what the cap means.
/// </remarks>
public sealed class ArrivalNotifier(
    NotifierDb db,
    ArrivalLedger ledger,
    PersonGate gate,
    NotificationComposer composer,
    Outgoing outgoing,
    ReminderSchedule reminders,
    MessagingRulesHolder rules,
    PersonKeys personKeys,
    FieldCipher cipher,
    TimeProvider time,
    ILogger<ArrivalNotifier> logger)
{
    public async Task DecideAsync(Arrival arrival, CancellationToken ct)
    {
        if (await db.Decisions.AnyAsync(d => d.Key == arrival.DecisionKey, ct)) return; // redelivered

        var recipient = await Recipient.ResolveAsync(db, personKeys, cipher, arrival.Phone, arrival.Device, ct);
        var personKey = recipient.PersonKey;
        var addressee = arrival.Addressee with { Language = arrival.Addressee.Language ?? recipient.Device?.Language };
        var language = NotificationComposer.LanguageFor(addressee, recipient.Phone);
        var optedOut = personKey is not null && await db.OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey, ct);
        var inForce = rules.Current;
        var policy = inForce.Policy;

        var now = time.GetUtcNow();
        var notificationId = NewId.NextSequentialGuid();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (personKey is not null)
        {
            await gate.LockAsync(personKey, now, ct);
            if (arrival.SeenByTelecom && arrival.Phone is not null)
                await PhonesSeen.RecordAsync(db, personKey, arrival.ProvinceCode, cipher.Protect(arrival.Phone)!, arrival.At, ct);
            if (arrival.Trigger == Triggers.ProvinceEntry)
                await reminders.TrackEntryAsync(personKey, arrival.ProvinceCode, arrival.At,
                    ReminderSchedule.VisitEnd(arrival.Trigger, arrival.At, null, policy.Reminders), ct);
        }
        // A stale report still says where the person was (the sighting and the reminders' visit above), but it claims no
        // visit: a fresh report of the same stay is told as if this one had never come.
        var suppressedBecause = arrival.Stale ? "stale"
            : arrival.DoNotContact ? "do-not-contact"
            : optedOut ? "opted-out"
            : recipient.Device?.BluezoneInstalled == true || (personKey is not null && await gate.IsInstalledAsync(personKey, ct)) ? "already-installed"
            : !recipient.Reachable ? recipient.UnreachableReason
            : null;
        DateTimeOffset? deferredUntil = null;

        if (suppressedBecause is not null) Suppress(suppressedBecause);
        else if (await ledger.TryClaimAsync(personKey!, arrival.ProvinceCode, notificationId, arrival.DecisionKey, arrival.At, ct))
        {
            if (await gate.IsCappedAsync(personKey!, policy.Caps, now, ct)) Suppress(suppressedBecause = "capped");
            else
            {
                gate.Record(notificationId, personKey!, now);
                var command = composer.Compose(notificationId, TemplatePurposes.Arrival, arrival.Trigger, arrival.ProvinceCode,
                    arrival.PropertyId, recipient, addressee, language, inForce, now);
                deferredUntil = outgoing.Queue(command, recipient.FirstChannel, policy.QuietHours, now);
                if (policy.Reminders.Max > 0)
                    reminders.Add(1, notificationId, personKey!, arrival.ProvinceCode, arrival.PropertyId, arrival.Trigger, arrival.At,
                        ReminderSchedule.VisitEnd(arrival.Trigger, arrival.At, arrival.DepartureDate, policy.Reminders),
                        now + policy.Reminders.After, recipient.Device?.Key, arrival.Addressee, recipient.Phone);
            }
        }
        else
        {
            logger.LogInformation("{Trigger} {DecisionKey}: {Phone} already told about province {Province} during this visit",
                arrival.Trigger, arrival.DecisionKey, PhoneNumber.Redact(recipient.Phone), arrival.ProvinceCode);
            await db.SaveChangesAsync(ct); // nothing but the entry's effect on reminders (already written) is kept
            await transaction.CommitAsync(ct);
            return;
        }

        db.Decisions.Add(new Decision
        {
            Key = arrival.DecisionKey, NotificationId = notificationId, Outcome = suppressedBecause ?? "notify", DecidedAt = now.UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("{Trigger}: notification {NotificationId} {Outcome} by {Channel}", arrival.Trigger, notificationId,
            suppressedBecause is not null ? $"suppressed ({suppressedBecause})" : deferredUntil is { } due ? $"deferred until {due:O}" : "queued",
            recipient.FirstChannel);

        void Suppress(string reason) => db.Outbox.Add(OutboxMessage.For(new NotificationSuppressed(notificationId, reason, personKey, language,
            arrival.Trigger, arrival.ProvinceCode, arrival.PropertyId, now, recipient.Device?.DeviceId), now));
    }
}
