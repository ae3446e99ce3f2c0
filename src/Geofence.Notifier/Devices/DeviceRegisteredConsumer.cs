using Geofence.Contracts;
using Geofence.Messaging.Bus;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Devices;

/// <summary>Keeps the device registry; the newest registration of a device wins, whatever order they arrive in.</summary>
public sealed class DeviceRegisteredConsumer(NotifierDb db, PersonKeys personKeys, FieldCipher cipher) : IConsumer<DeviceRegistered>
{
    public async Task Consume(ConsumeContext<DeviceRegistered> context)
    {
        var m = context.Message;
        var key = $"{m.FeedId}/{m.DeviceId}";
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Key == key, context.CancellationToken);
        if (device is null) db.Devices.Add(device = new KnownDevice { Key = key, DeviceId = m.DeviceId, Platform = m.Platform });
        else if (device.RegisteredAt > m.RegisteredAt.UtcDateTime) return;
        (device.Platform, device.PushToken, device.Language, device.Phone, device.BluezoneInstalled, device.RegisteredAt) =
            (m.Platform, cipher.Protect(m.PushToken), m.Language, cipher.Protect(m.Phone), m.BluezoneInstalled, m.RegisteredAt.UtcDateTime);
        device.PhoneKey = m.Phone is null ? null : personKeys.ForPhone(m.Phone);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
