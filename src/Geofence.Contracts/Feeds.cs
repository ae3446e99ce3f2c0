namespace Geofence.Contracts;

public static class FeedKinds
{
    public const string App = "app";
    public const string Wifi = "wifi";
    public const string Telco = "telco";
}

/// <summary>A location feed was registered in Admin; Ingest keeps its key hash to authenticate it.</summary>
public record FeedRegistered(string FeedId, string Name, string Kind, string ApiKeyHash, DateTimeOffset RegisteredAt);

/// <summary>
/// A feed registered a device (a tourism app install, a wifi-portal login). <see cref="DeviceId"/> is the feed's own id
/// for it; pings from the same feed name the device as their subject. The push token and the phone travel sealed with
/// the services' field cipher (Geofence.Privacy.FieldCipher, "enc1:…"); a message from before sealing holds them in
/// clear and is read the same.
/// </summary>
/// <param name="PushToken">Sealed; null when the device has none.</param>
/// <param name="Phone">E.164, sealed; null when unknown.</param>
/// <param name="PersonKey">The keyed hash of the phone; null without one, or when the message predates it.</param>
public record DeviceRegistered(
    string FeedId,
    string DeviceId,
    string Platform,
    string? PushToken,
    string? Language,
    string? Phone,
    bool BluezoneInstalled,
    DateTimeOffset RegisteredAt,
    string? PersonKey = null);

/// <param name="Stale">Older than Ingest's <c>Ingest:MaxEventAge</c> when accepted: it moves the subject, but an arrival it reveals is not messaged.</param>
public record LocationPing(string SubjectId, double Lat, double Lon, double? AccuracyMeters, DateTimeOffset At, bool Stale = false);

/// <summary>
/// Pings from one feed, all for subjects of the same <see cref="Shard"/>, so that on RabbitMQ a consistent-hash
/// exchange sends every ping of a subject to the same Detector queue, where they are handled in order.
/// </summary>
public record LocationsReported(string FeedId, string Shard, LocationPing[] Pings, DateTimeOffset ReceivedAt);

public static class SubjectKinds
{
    public const string Device = "device";
    public const string Phone = "phone";
}

/// <summary>
/// Someone arrived in a province: the Detector saw a device cross into it or at one of its points of entry, or a
/// telecom feed reported a subscriber entering it. <see cref="SubjectId"/> is "{feedId}/{deviceId}" for a device and
/// the person key (the keyed hash of the number) for a phone, whose number travels sealed in <see cref="Phone"/>.
/// An entry from before sealing has the E.164 number itself as its subject and no <see cref="Phone"/>.
/// </summary>
/// <param name="Phone">For a phone subject: the E.164 number sealed with Geofence.Privacy.FieldCipher ("enc1:…").</param>
/// <param name="Stale">
/// The entry (or the ping that revealed it) was older than Ingest's <c>Ingest:MaxEventAge</c> when accepted: the Notifier
/// records it as suppressed (<c>stale</c>) and sends nothing.
/// </param>
public record ProvinceEntered(
    Guid EntryId,
    string SubjectKind,
    string SubjectId,
    string ProvinceCode,
    DateTimeOffset At,
    string Source,
    string? PointOfEntryCode,
    string FeedId,
    string? Phone = null,
    bool Stale = false);

/// <summary>Which shard a subject's pings belong to: a stable hash, the same in every process and every run.</summary>
public static class LocationShards
{
    public const int Count = 64;

    public static string Of(string feedId, string subjectId)
    {
        var hash = 2166136261u; // FNV-1a
        foreach (var c in $"{feedId}/{subjectId}")
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (hash % Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
