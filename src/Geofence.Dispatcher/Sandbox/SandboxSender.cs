using Geofence.Channels;
using Geofence.Dispatcher.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Sandbox;

/// <summary>
/// The provider of the embedded default: records each rendered message instead of sending it. Like a real provider
/// with an idempotency key, it records a notification once however often it is asked.
/// </summary>
public sealed class SandboxSender(string channel, DispatcherDb db, TimeProvider time) : IChannelSender
{
    public const string ProviderName = "sandbox";

    public string Channel => channel;
    public string Provider => ProviderName;

    /// <summary>One record per notification, however often it is asked.</summary>
    public bool RecognisesRepeats => true;

    public async Task<ProviderResult> SendAsync(Outgoing message, CancellationToken cancellationToken)
    {
        var existing = await db.SandboxMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.NotificationId == message.NotificationId, cancellationToken);
        if (existing is not null) return new ProviderResult.Accepted($"sandbox-{existing.Id}");

        var command = message.Command;
        var recorded = new SandboxMessage
        {
            NotificationId = message.NotificationId, Channel = message.Channel, PersonKey = command.PersonKey, DeviceId = command.DeviceId,
            Recipient = message.Recipient, Language = command.Language, Text = message.Text, SmsParts = message.SmsParts,
            RecordedAt = time.GetUtcNow().UtcDateTime,
        };
        db.SandboxMessages.Add(recorded);
        await db.SaveChangesAsync(cancellationToken);
        return new ProviderResult.Accepted($"sandbox-{recorded.Id}");
    }
}
