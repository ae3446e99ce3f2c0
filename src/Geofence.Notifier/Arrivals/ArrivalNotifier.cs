using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Messages;
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
public sealed record Arrival(
    string DecisionKey,
    string Trigger,
    string ProvinceCode,
    DateTimeOffset At,
    string? PropertyId,
    string? Phone,
    KnownDevice? Device,
    Addressee Addressee,
    bool DoNotContact);

/// <summary>
/// Decides for every source alike: who the person is (phone number, else device), whether they were already told
/// during this visit, whether they may be told at all (do-not-contact, an opt-out a provider reported), and on which
/// channel — push when a registered device can be reached, else SMS; the command also carries the phone and every
/// rendering, so that the Dispatcher can fall back (push → Zalo → SMS) when a provider refuses. The decision and the message it produces are committed together, so a crash in between can
/// neither lose nor double the message.
/// </summary>
public sealed class ArrivalNotifier(
    NotifierDb db,
    ArrivalLedger ledger,
    InstallBluezoneMessage messages,
    PersonKeys personKeys,
    FieldCipher cipher,
    TimeProvider time,
    ILogger<ArrivalNotifier> logger)
{
    public async Task DecideAsync(Arrival arrival, CancellationToken ct)
    {
        if (await db.Decisions.AnyAsync(d => d.Key == arrival.DecisionKey, ct)) return; // redelivered

        var phoneKey = arrival.Phone is null ? null : personKeys.ForPhone(arrival.Phone);
        var device = arrival.Device ?? (phoneKey is null ? null : await db.Devices.AsNoTracking()
            .Where(d => d.PhoneKey == phoneKey && d.PushToken != null).OrderByDescending(d => d.RegisteredAt).FirstOrDefaultAsync(ct));
        // Stored encrypted; decrypted into locals only, so that the row itself is never saved back in clear.
        var pushToken = cipher.Unprotect(device?.PushToken);
        var phone = arrival.Phone ?? cipher.Unprotect(device?.Phone);
        var personKey = phoneKey ?? device?.PhoneKey ?? (device is null ? null : personKeys.ForDevice(device.Key));
        var channel = pushToken is not null ? Channels.Push : Channels.Sms;
        var recipient = channel == Channels.Push ? pushToken : phone;
        var addressee = arrival.Addressee with { Language = arrival.Addressee.Language ?? device?.Language };
        // The Dispatcher chooses among push, Zalo and SMS and falls back along them, so it gets every rendering.
        var push = messages.Render(Channels.Push, addressee, arrival.ProvinceCode);
        var sms = messages.Render(Channels.Sms, addressee, arrival.ProvinceCode);
        var rendered = channel == Channels.Push ? push : sms;
        // The report shows what was sent, but not to whom: the same text with the guest's name masked.
        var reportText = messages.Render(channel, addressee.Masked(), arrival.ProvinceCode).Text;
        var optedOut = personKey is not null && await db.OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey, ct);
        var suppressedBecause = arrival.DoNotContact ? "do-not-contact"
            : optedOut ? "opted-out"
            : device?.BluezoneInstalled == true ? "already-installed"
            : recipient is null ? "unreachable"
            : null;

        var now = time.GetUtcNow();
        var notificationId = NewId.NextSequentialGuid();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (suppressedBecause is not null)
        {
            db.Outbox.Add(OutboxMessage.For(new NotificationSuppressed(notificationId, suppressedBecause, personKey, rendered.Language,
                arrival.Trigger, arrival.ProvinceCode, arrival.PropertyId, now, device?.DeviceId), now));
        }
        else if (await ledger.TryClaimAsync(personKey!, arrival.ProvinceCode, notificationId, arrival.DecisionKey, arrival.At, ct))
        {
            // Whatever reaches or names the person is sealed: only the Dispatcher opens it, right before sending.
            db.Outbox.Add(OutboxMessage.For(new SendNotification(notificationId, personKey!, rendered.Language,
                arrival.Trigger, arrival.ProvinceCode, arrival.PropertyId, now, device?.DeviceId,
                Phone: cipher.Protect(phone), PushToken: cipher.Protect(pushToken), PushPlatform: pushToken is null ? null : device!.Platform,
                PushTitle: InstallBluezoneMessage.PushTitle(rendered.Language, arrival.ProvinceCode), PushText: cipher.Protect(push.Text),
                SmsText: cipher.Protect(sms.Text), SmsTextParts: sms.SmsParts,
                GuestName: cipher.Protect(InstallBluezoneMessage.NameFor(rendered.Language, addressee)),
                ProvinceName: InstallBluezoneMessage.ProvinceName(rendered.Language, arrival.ProvinceCode), ReportText: reportText), now));
        }
        else
        {
            logger.LogInformation("{Trigger} {DecisionKey}: {Phone} already told about province {Province} during this visit",
                arrival.Trigger, arrival.DecisionKey, PhoneNumber.Redact(phone), arrival.ProvinceCode);
            return; // the transaction rolls back; nothing was written
        }

        db.Decisions.Add(new Decision
        {
            Key = arrival.DecisionKey, NotificationId = notificationId, Outcome = suppressedBecause ?? "notify", DecidedAt = now.UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("{Trigger}: notification {NotificationId} {Outcome} by {Channel}", arrival.Trigger, notificationId,
            suppressedBecause is null ? "queued" : $"suppressed ({suppressedBecause})", channel);
    }
}
