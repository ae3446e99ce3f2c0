using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>Looks into a virtual host's queues through the management API, leaving the messages where they are.</summary>
internal static class BrokerQueues
{
    /// <summary>The first message of <paramref name="queue"/>, requeued; null when it is empty or does not exist yet.</summary>
    public static async Task<JsonElement?> PeekAsync(RabbitVirtualHost virtualHost, string queue)
    {
        var response = await virtualHost.Management.PostAsJsonAsync($"queues/{virtualHost.Name}/{queue}/get",
            new { count = 1, ackmode = "ack_requeue_true", encoding = "auto" });
        if (!response.IsSuccessStatusCode) return null; // the queue does not exist yet
        var messages = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        return messages is { Length: > 0 } ? messages[0] : null;
    }
}
