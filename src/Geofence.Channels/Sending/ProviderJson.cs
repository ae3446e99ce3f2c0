using System.Text.Encodings.Web;
using System.Text.Json;

namespace Geofence.Channels.Sending;

internal static class ProviderJson
{
    /// <summary>
    /// Vietnamese text stays as UTF-8 instead of \uXXXX escapes, which would triple its size against FCM's 4 KB limit.
    /// The bodies go to APIs, never into HTML, so the relaxed escaping is safe.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
