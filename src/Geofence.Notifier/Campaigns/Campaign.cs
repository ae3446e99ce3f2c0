namespace Geofence.Notifier.Campaigns;

/// <summary>
/// A campaign (<c>notifier_campaigns</c>): an audience, the province it speaks for, the channels it may use, and a
/// schedule of rounds (the first at <see cref="StartAtMs"/>, then every <see cref="RepeatEveryMs"/>, at most
/// <see cref="MaxRounds"/>, none after <see cref="EndAtMs"/>). Each round goes to the audience's people who have neither
/// installed the app nor opted out by then.
/// </summary>
public sealed class Campaign
{
    public const string Scheduled = "scheduled", Running = "running", Paused = "paused", Done = "done", Cancelled = "cancelled";
    /// <summary>Why a campaign paused itself (<see cref="StatusReason"/>).</summary>
    public const string SpendGuard = "spend-guard";

    public Guid CampaignId { get; set; }
    public required string Name { get; set; }
    public Guid AudienceId { get; set; }
    public required string ProvinceCode { get; set; }
    /// <summary>The channels it may use, comma-separated in the order given (e.g. <c>zalo,sms</c>).</summary>
    public required string Channels { get; set; }
    public long StartAtMs { get; set; }
    public long? RepeatEveryMs { get; set; }
    public int? MaxRounds { get; set; }
    public long? EndAtMs { get; set; }
    /// <summary>The spend guard: SMS parts a day (in the policy's time zone) after which the campaign pauses itself.</summary>
    public int? MaxSmsPartsPerDay { get; set; }
    /// <summary>The campaign's own texts (<c>{"sms":{"vi":"…"},"push":{…}}</c>) as JSON, validated like templates; null uses the campaign templates.</summary>
    public string? Texts { get; set; }
    public required string Status { get; set; }
    /// <summary>Why it is paused when it paused itself (<see cref="SpendGuard"/>); null when staff paused it.</summary>
    public string? StatusReason { get; set; }
    /// <summary>The round being planned or sent; 0 before the first.</summary>
    public int CurrentRound { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
}

/// <summary>
/// One round of a campaign (<c>notifier_campaign_rounds</c>). Planning copies the audience's people into
/// <see cref="CampaignWork"/> in chunks of <see cref="Audiences.AudienceMember.Seq"/>; <see cref="PlannedThroughSeq"/> says how far
/// it got, so that planning resumes after a crash without writing anyone twice.
/// </summary>
public sealed class CampaignRound
{
    public const string Planning = "planning", Sending = "sending", Done = "done";

    public Guid CampaignId { get; set; }
    public int Round { get; set; }
    public required string Status { get; set; }
    public long DueAtMs { get; set; }
    public long PlannedThroughSeq { get; set; }
    public int Planned { get; set; }
    public long? StartedAtMs { get; set; }
    public long? FinishedAtMs { get; set; }
}

/// <summary>
/// One person in one round (<c>notifier_campaign_work</c>): pending until released, then queued (the command is in the
/// outbox, in the same transaction), then what the Dispatcher reported; or suppressed with a reason. The notification id
/// is derived from (campaign, round, person), so that a release repeated after a crash is the same message and the
/// Dispatcher sends it once.
/// </summary>
public sealed class CampaignWork
{
    public const string Pending = "pending", Queued = "queued", Sent = "sent", Delivered = "delivered", Undelivered = "undelivered",
        Failed = "failed", Suppressed = "suppressed";

    public Guid CampaignId { get; set; }
    public int Round { get; set; }
    /// <summary>The audience member's <see cref="Audiences.AudienceMember.Seq"/>: the order of release.</summary>
    public long Seq { get; set; }
    public required string PersonKey { get; set; }
    public Guid NotificationId { get; set; }
    public required string Status { get; set; }
    /// <summary>Why it was suppressed or failed.</summary>
    public string? Reason { get; set; }
    /// <summary>The channel it went out on, once sent or failed.</summary>
    public string? Channel { get; set; }
    /// <summary>SMS parts: the rendered text's while queued (the most it can cost), the sent SMS's once sent (0 for Zalo or push).</summary>
    public int SmsParts { get; set; }
    public long? QueuedAtMs { get; set; }
    public long? SentAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
}
