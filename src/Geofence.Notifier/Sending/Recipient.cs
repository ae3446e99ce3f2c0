using Geofence.Notifier.Devices;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Sending;

/// <summary>How a person can be reached: by key, phone (in clear, in memory only), live push token and device.</summary>
public sealed record Recipient(string? PersonKey, string? Phone, string? PushToken, KnownDevice? Device)
{
    /// <summary>Push when a registered device can be reached, else SMS (Zalo goes by the phone, like SMS).</summary>
    public string FirstChannel => PushToken is not null ? Contracts.Channels.Push : Contracts.Channels.Sms;

    public bool Reachable => PushToken is not null || Phone is not null;

    /// <summary>
    /// The person is the phone number when there is one, else the device; the device is the one given or the phone's
    /// newest with a push token. Stored fields are decrypted into this record only, never saved back in clear.
    /// </summary>
    public static async Task<Recipient> ResolveAsync(NotifierDb db, PersonKeys personKeys, FieldCipher cipher, string? phone,
        KnownDevice? device, CancellationToken ct)
    {
        var phoneKey = phone is null ? null : personKeys.ForPhone(phone);
        device ??= phoneKey is null ? null : await db.Devices.AsNoTracking()
            .Where(d => d.PhoneKey == phoneKey && d.PushToken != null).OrderByDescending(d => d.RegisteredAt).FirstOrDefaultAsync(ct);
        var personKey = phoneKey ?? device?.PhoneKey ?? (device is null ? null : personKeys.ForDevice(device.Key));
        return new Recipient(personKey, phone ?? cipher.Unprotect(device?.Phone), cipher.Unprotect(device?.PushToken), device);
    }
}
