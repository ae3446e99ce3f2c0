using Geofence.ServiceDefaults.Settings;

namespace Geofence.Messaging.MessageData;

/// <summary><c>MessageData:*</c>: how long claim-checked payloads are kept.</summary>
public sealed class MessageDataSettings
{
    /// <summary>A payload is kept this long after it was stored, long enough for any consumer that was down to catch up.</summary>
    [Positive] public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often expired payloads are deleted.</summary>
    [Positive] public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The database of the payloads when it is not the service's own (<c>ConnectionStrings:Geofence</c>, same
    /// provider): every service that sends or receives large payloads must name the same one.
    /// </summary>
    public string? ConnectionString { get; set; }
}
