using System.Globalization;
using System.Text.Json.Nodes;

namespace Geofence.Channels.Fcm;

/// <summary>The FCM HTTP v1 message for one push; Notification Hubs' fcmv1 format reuses it without the target.</summary>
internal static class FcmMessage
{
    public static JsonObject Untargeted(PushMessage push, TimeSpan timeToLive)
    {
        var message = new JsonObject
        {
            ["notification"] = new JsonObject { ["title"] = push.Title, ["body"] = push.Body },
            ["android"] = new JsonObject { ["priority"] = "high", ["ttl"] = Seconds(timeToLive) },
        };
        if (push.Data is { Count: > 0 } data)
            message["data"] = new JsonObject(data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        return message;
    }

    public static JsonObject ForDevice(PushMessage push, TimeSpan timeToLive, DateTimeOffset now)
    {
        var message = Untargeted(push, timeToLive);
        message["token"] = push.DeviceToken;
        message["apns"] = new JsonObject
        {
            // APNs has no TTL; its expiration is an absolute time, and priority 10 means "deliver now".
            ["headers"] = new JsonObject
            {
                ["apns-priority"] = "10",
                ["apns-expiration"] = (now + timeToLive).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            },
            ["payload"] = new JsonObject { ["aps"] = new JsonObject { ["sound"] = "default" } },
        };
        return message;
    }

    private static string Seconds(TimeSpan span) => $"{(long)span.TotalSeconds}s";
}
