using Geofence.Notifier.Devices;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Sending;

/// <summary>How a person can be reached: by key, phone (in clear, in memory only), live push token and device.</summary>
public sealed record Recipient(string? PersonKey, string? Phone, string? PushToken, KnownDevice? Device)
{
    /// <summary>Push when a registered device can be reached, else SMS (Zalo goes by the phone, like SMS).</summary>
    public string FirstChannel => PushToken is not null ? Contracts.Channels.Push : Contracts.Channels.Sms;

    /// <summary>
    /// The phone when SMS and Zalo can reach it: a number libphonenumber types as mobile (or fixed line or mobile); a
    /// landline or a 1900 premium number is never texted.
    /// </summary>
    public string? MobilePhone => Phone is not null && PhoneNumber.IsMobile(Phone) ? Phone : null;

    public bool Reachable => PushToken is not null || MobilePhone is not null;

    /// <summary>Why an unreachable person cannot be told: <c>not-mobile</c> when their only way is a number SMS cannot reach.</summary>
    public string UnreachableReason => Phone is not null ? NotMobileReason : "unreachable";

    public const string NotMobileReason = "not-mobile";

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
