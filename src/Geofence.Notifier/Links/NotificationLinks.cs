using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Geofence.ServiceDefaults.Settings;

namespace Geofence.Notifier.Links;

/// <summary><c>Links:*</c>: where the install and opt-out links point, and how long they work.</summary>
public sealed class LinkSettings
{
    /// <summary>The public address the Notifier's <c>/i/</c> and <c>/o/</c> pages are reached at (no trailing slash).</summary>
    [AbsoluteUrl] public string BaseUrl { get; set; } = "http://localhost:5080";
    /// <summary>The department's privacy notice, linked from the opt-out page.</summary>
    [AbsoluteUrl] public string PrivacyNoticeUrl { get; set; } = "https://bluezone.gov.vn/privacy";
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")] public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>Issues the links of a notification, in the transaction that records the decision.</summary>
public sealed class NotificationLinks(NotifierDb db, LinkSettings settings, TimeProvider time)
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /// <summary>12 characters of 62: about 71 bits, short enough for an SMS.</summary>
    public const int TokenLength = 12;

    /// <summary>Adds the link row to the context (the caller saves it with its decision) and returns both links.</summary>
    public (string InstallLink, string OptOutLink) Issue(Guid notificationId, string personKey, string language, string provinceCode)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = RandomNumberGenerator.GetString(Alphabet, TokenLength);
        db.Links.Add(new IssuedLink
        {
            Token = token, NotificationId = notificationId, PersonKey = personKey, Language = language, ProvinceCode = provinceCode,
            CreatedAt = now, ExpiresAt = now + settings.Lifetime,
        });
        var origin = settings.BaseUrl.TrimEnd('/');
        return ($"{origin}/i/{token}", $"{origin}/o/{token}");
    }
}
