using Geofence.Contracts;
using Geofence.Notifier.Messages;
using Geofence.ServiceDefaults.Outbox;
using Geofence.ServiceDefaults.Privacy;
using Geofence.ServiceDefaults.Bus;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Arrivals;

/// <summary>
/// A hotel check-in: tell the guest once per visit, unless they asked not to be contacted. The decision and the
/// message it produces are committed together, so a crash in between can neither lose nor double the message.
/// </summary>
public sealed class GuestCheckedInConsumer(
    NotifierDb db,
    ArrivalLedger ledger,
    InstallBluezoneMessage messages,
    PersonKeys personKeys,
    OutboxRelay<NotifierDb> relay,
    TimeProvider time,
    ILogger<GuestCheckedInConsumer> logger) : IConsumer<GuestCheckedIn>
{
    public async Task Consume(ConsumeContext<GuestCheckedIn> context)
    {
        var checkIn = context.Message;
        var guest = checkIn.Guest;
        var personKey = guest.Phone is null ? null : personKeys.ForPhone(guest.Phone);
        var decisionKey = $"{Triggers.CheckIn}:{checkIn.PropertyId}:{checkIn.ReservationId}:{personKey ?? $"{guest.FirstName} {guest.LastName}"}";
        var ct = context.CancellationToken;
        if (await db.Decisions.AnyAsync(d => d.Key == decisionKey, ct)) return; // redelivered

        var now = time.GetUtcNow();
        var notificationId = NewId.NextSequentialGuid();
        var rendered = messages.Render(Channels.Sms, guest, checkIn.ProvinceCode);

        string? suppressedBecause = guest.DoNotContact ? "do-not-contact" : guest.Phone is null ? "no-phone" : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (suppressedBecause is not null)
        {
            db.Outbox.Add(OutboxMessage.For(new NotificationSuppressed(notificationId, suppressedBecause, personKey,
                rendered.Language, Triggers.CheckIn, checkIn.ProvinceCode, checkIn.PropertyId, now), now));
        }
        else if (await ledger.TryClaimAsync(personKey!, checkIn.ProvinceCode, notificationId, decisionKey, checkIn.CheckedInAt, ct))
        {
            db.Outbox.Add(OutboxMessage.For(new SendNotification(notificationId, Channels.Sms, guest.Phone!, personKey!,
                rendered.Language, rendered.Text, rendered.SmsParts, Triggers.CheckIn, checkIn.ProvinceCode,
                checkIn.PropertyId, now), now));
        }
        else
        {
            logger.LogInformation("Check-in {CheckInId}: guest {Phone} already told about province {Province} during this visit",
                checkIn.CheckInId, PhoneNumber.Redact(guest.Phone), checkIn.ProvinceCode);
            return; // the transaction rolls back; nothing was written
        }

        db.Decisions.Add(new Decision
        {
            Key = decisionKey, NotificationId = notificationId, Outcome = suppressedBecause ?? "notify", DecidedAt = now.UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        relay.Wake();
        logger.LogInformation("Check-in {CheckInId}: notification {NotificationId} {Outcome}", checkIn.CheckInId, notificationId,
            suppressedBecause is null ? "queued" : $"suppressed ({suppressedBecause})");
    }
}

public sealed class GuestCheckedInConsumerDefinition(BusSettings bus) : RetryingConsumerDefinition<GuestCheckedInConsumer>(bus);
