using Geofence.Channels.Sending;

namespace Geofence.Channels.NotificationHubs;

public sealed class NotificationHubOptions() : ProviderOptions(defaultMaxPerSecond: 100)
{
    public const string SectionName = "Channels:NotificationHubs";

    public string ConnectionString { get; set; } = "";
    public string HubName { get; set; } = "";

    /// <summary>Defaults to <c>https://{namespace}.servicebus.windows.net</c> from the connection string.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Lifetime of each SAS token; the official SDK uses 20 minutes.</summary>
    public TimeSpan SignatureTimeToLive { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>The Android TTL passed in the fcmv1 body.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    protected override string Section => SectionName;

    internal NotificationHubConnectionString Connection =>
        NotificationHubConnectionString.TryParse(ConnectionString, out var connection, out var problem)
            ? connection!
            : throw new InvalidOperationException($"{Variable(nameof(ConnectionString))} {problem}");

    internal string EffectiveBaseUrl => (string.IsNullOrWhiteSpace(BaseUrl) ? Connection.DefaultBaseUrl : BaseUrl).TrimEnd('/');

    protected override void Check(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) problems.Add($"{Variable(nameof(ConnectionString))} is missing");
        else if (!NotificationHubConnectionString.TryParse(ConnectionString, out _, out var problem))
            problems.Add($"{Variable(nameof(ConnectionString))} {problem}");
        Require(problems, HubName, nameof(HubName));
        OptionalUrl(problems, BaseUrl, nameof(BaseUrl));
        if (SignatureTimeToLive <= TimeSpan.Zero) problems.Add($"{Variable(nameof(SignatureTimeToLive))} must be positive");
    }
}
