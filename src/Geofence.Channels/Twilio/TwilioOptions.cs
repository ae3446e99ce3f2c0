using Geofence.Channels.Sending;

namespace Geofence.Channels.Twilio;

public sealed class TwilioOptions() : ProviderOptions(defaultMaxPerSecond: 10)
{
    public const string SectionName = "Channels:Twilio";

    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";

    /// <summary>Sender number or alphanumeric sender; set this or <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>Where Twilio posts delivery status; the Dispatcher's receipt endpoint.</summary>
    public string? StatusCallback { get; set; }

    protected override string Section => SectionName;

    protected override void Check(List<string> problems)
    {
        Require(problems, AccountSid, nameof(AccountSid));
        Require(problems, AuthToken, nameof(AuthToken));
        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(MessagingServiceSid))
            problems.Add($"{Variable(nameof(From))} or {Variable(nameof(MessagingServiceSid))} is missing");
        RequireUrl(problems, BaseUrl, nameof(BaseUrl));
        OptionalUrl(problems, StatusCallback, nameof(StatusCallback));
    }
}
