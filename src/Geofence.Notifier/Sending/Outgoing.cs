using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Notifier.Reminders;
using Geofence.Templates;

namespace Geofence.Notifier.Sending;

/// <summary>
/// Hands a built message to the Dispatcher through the outbox, or, when quiet hours hold its first channel for its
/// trigger, keeps it in the schedule until the window ends and reports it deferred. Nothing is dropped.
/// </summary>
public sealed class Outgoing(NotifierDb db)
{
    public const string QuietHoursReason = "quiet-hours";

    /// <summary>Adds the message (or its deferral) to the context; returns when it is held until, or null when it goes now.</summary>
    public DateTimeOffset? Queue(SendNotification command, string firstChannel, QuietHours quietHours, DateTimeOffset now)
    {
        var until = HeldUntil(quietHours, firstChannel, command.Trigger, now);
        if (until is not { } due)
        {
            db.Outbox.Add(OutboxMessage.For(command, now));
            return null;
        }
        db.Schedule.Add(new ScheduledMessage
        {
            Id = Guid.NewGuid(), Kind = ScheduledMessage.Deferred, Status = ScheduledMessage.Pending, DueAtMs = due.ToUnixTimeMilliseconds(),
            PersonKey = command.PersonKey, ProvinceCode = command.ProvinceCode, PropertyId = command.PropertyId, VisitTrigger = command.Trigger,
            ArrivedAtMs = now.ToUnixTimeMilliseconds(), VisitEndsAtMs = long.MaxValue, NotificationId = command.NotificationId,
            Message = JsonSerializer.Serialize(command, MessageContracts.JsonOptions),
        });
        db.Outbox.Add(OutboxMessage.For(new NotificationDeferred(command.NotificationId, QuietHoursReason, command.PersonKey,
            command.Language, command.Trigger, command.ProvinceCode, command.PropertyId, now, due, command.DeviceId), now));
        return due;
    }

    /// <summary>
    /// When quiet hours end, if they hold a message on <paramref name="firstChannel"/> now. Without a push token the
    /// Dispatcher tries Zalo and SMS, so listing either of them holds it.
    /// </summary>
    public static DateTimeOffset? HeldUntil(QuietHours quietHours, string firstChannel, string trigger, DateTimeOffset now) =>
        firstChannel == Channels.Push
            ? PolicyRules.DeferredUntil(quietHours, Channels.Push, trigger, now)
            : PolicyRules.DeferredUntil(quietHours, Channels.Sms, trigger, now) ?? PolicyRules.DeferredUntil(quietHours, Channels.Zalo, trigger, now);
}
