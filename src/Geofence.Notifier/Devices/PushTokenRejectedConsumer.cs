using Geofence.Contracts;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Devices;

/// <summary>
/// Forgets a dead push token, so that later arrivals of that device go by SMS (or not at all without a phone). A device
/// that registered again after the rejection has a new token, which is kept.
/// </summary>
public sealed class PushTokenRejectedConsumer(NotifierDb db, PersonKeys personKeys, ILogger<PushTokenRejectedConsumer> logger) : IConsumer<PushTokenRejected>
{
    public async Task Consume(ConsumeContext<PushTokenRejected> context)
    {
        var m = context.Message;
        if (m.DeviceId is null) return;
        var rejectedAt = m.At.UtcDateTime;
        var candidates = await db.Devices
            .Where(d => d.DeviceId == m.DeviceId && d.PushToken != null && d.RegisteredAt <= rejectedAt)
            .ToListAsync(context.CancellationToken);
        // Device ids are only unique within a feed; the person key says which feed's device was pushed to.
        var cleared = 0;
        foreach (var device in candidates.Where(d => d.PhoneKey == m.PersonKey || personKeys.ForDevice(d.Key) == m.PersonKey))
        {
            device.PushToken = null;
            cleared++;
        }
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("{Provider} rejected the push token of device {DeviceId} ({Code}); cleared {Count}", m.Provider, m.DeviceId, m.Code, cleared);
    }
}
