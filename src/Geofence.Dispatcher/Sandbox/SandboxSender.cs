using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Sandbox;

/// <summary>
/// The provider of the embedded default: records each rendered message instead of sending it. Like a real provider
/// with an idempotency key, it records a notification once however often it is asked.
/// </summary>
public sealed class SandboxSender(string channel, DispatcherDb db, TimeProvider time) : IChannelSender
{
    public string Channel => channel;
    public string Provider => "sandbox";

    public async Task<SendOutcome> SendAsync(SendNotification message, CancellationToken cancellationToken)
    {
        var existing = await db.SandboxMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.NotificationId == message.NotificationId, cancellationToken);
        if (existing is not null) return SendOutcome.Sent($"sandbox-{existing.Id}");

        var recorded = new SandboxMessage
        {
            NotificationId = message.NotificationId, Channel = message.Channel, PersonKey = message.PersonKey, DeviceId = message.DeviceId,
            Recipient = message.Recipient, Language = message.Language, Text = message.Text, SmsParts = message.SmsParts,
            RecordedAt = time.GetUtcNow().UtcDateTime,
        };
        db.SandboxMessages.Add(recorded);
        await db.SaveChangesAsync(cancellationToken);
        return SendOutcome.Sent($"sandbox-{recorded.Id}");
    }
}
