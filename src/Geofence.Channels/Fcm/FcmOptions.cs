using Geofence.Channels.Sending;

namespace Geofence.Channels.Fcm;

public sealed class FcmOptions() : ProviderOptions(defaultMaxPerSecond: 500)
{
    public const string SectionName = "Channels:Fcm";

    public string ProjectId { get; set; } = "";

    /// <summary>Path to the service-account key file (JSON with client_email, private_key, token_uri).</summary>
    public string ServiceAccountFile { get; set; } = "";

    public string BaseUrl { get; set; } = "https://fcm.googleapis.com";

    /// <summary>How long FCM keeps trying to reach an offline device; an arrival notice is stale after a day.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    protected override string Section => SectionName;

    protected override void Check(List<string> problems)
    {
        Require(problems, ProjectId, nameof(ProjectId));
        Require(problems, ServiceAccountFile, nameof(ServiceAccountFile));
        if (!string.IsNullOrWhiteSpace(ServiceAccountFile) && !File.Exists(ServiceAccountFile))
            problems.Add($"{Variable(nameof(ServiceAccountFile))} names a file that does not exist");
        RequireUrl(problems, BaseUrl, nameof(BaseUrl));
        if (TimeToLive < TimeSpan.Zero || TimeToLive > TimeSpan.FromDays(28))
            problems.Add($"{Variable(nameof(TimeToLive))} must be between 0 and 28 days");
    }
}
