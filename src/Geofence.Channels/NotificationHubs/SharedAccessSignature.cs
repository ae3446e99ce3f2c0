using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Geofence.Channels.NotificationHubs;

/// <summary>The Service Bus SAS token exactly as the official Notification Hubs SDK builds it (CHANNELS.md).</summary>
internal static partial class SharedAccessSignature
{
    public static string Create(Uri requestUri, string keyName, string key, DateTimeOffset expiresAt)
    {
        var resource = Encode(ResourceUri(requestUri));
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(key, resource, expiry);
        return $"SharedAccessSignature sr={resource}&sig={Encode(signature)}&se={expiry}&skn={Encode(keyName)}";
    }

    /// <summary>The request URI with scheme http, no port, query or fragment, lower-cased, ending in '/'.</summary>
    public static string ResourceUri(Uri requestUri)
    {
        var path = requestUri.AbsolutePath.EndsWith('/') ? requestUri.AbsolutePath : requestUri.AbsolutePath + "/";
        return $"http://{requestUri.Host}{path}".ToLowerInvariant();
    }

    /// <summary>The key is used as its UTF-8 text, not base64-decoded, as the SDK does.</summary>
    public static string Sign(string key, string encodedResource, string expiry) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{encodedResource}\n{expiry}")));

    /// <summary>URL-encoding with lower-case hex escapes, as .NET Framework's HttpUtility.UrlEncode produced them.</summary>
    public static string Encode(string value) =>
        Escape().Replace(Uri.EscapeDataString(value), m => m.Value.ToLowerInvariant());

    [GeneratedRegex("%[0-9A-F]{2}")]
    private static partial Regex Escape();
}
