using Geofence.Contracts;
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
        // Sealed on the bus since the upgrade (clear before it, which Unprotect passes through); stored sealed anew.
        var (pushToken, phone) = (cipher.Unprotect(m.PushToken), cipher.Unprotect(m.Phone));
        (device.Platform, device.PushToken, device.Language, device.Phone, device.BluezoneInstalled, device.RegisteredAt) =
            (m.Platform, cipher.Protect(pushToken), m.Language, cipher.Protect(phone), m.BluezoneInstalled, m.RegisteredAt.UtcDateTime);
        device.PhoneKey = phone is null ? null : m.PersonKey ?? personKeys.ForPhone(phone);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
