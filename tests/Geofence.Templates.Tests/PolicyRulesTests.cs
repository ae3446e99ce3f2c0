using Geofence.Contracts;

namespace Geofence.Templates.Tests;

/// <summary>What a department may save as its policy; each problem names its field as the API does.</summary>
public class PolicyRulesTests
{
    private static readonly MessagingPolicy Default = PolicyRules.Default;

    [Fact]
    public void The_default_policy_is_valid()
    {
        Assert.Empty(PolicyRules.ValidateAll(Default));
        Assert.Null(PolicyRules.Validate(Default));
    }

    public static TheoryData<string, MessagingPolicy> BadPolicies => new()
    {
        { "app.name", Default with { App = Default.App with { Name = " " } } },
        { "app.name", Default with { App = Default.App with { Name = "{appName}" } } },
        { "app.androidUrl", Default with { App = Default.App with { AndroidUrl = "play.google.com/store" } } },
        { "app.androidUrl", Default with { App = Default.App with { AndroidUrl = "ftp://example.org/app" } } },
        { "app.iosUrl", Default with { App = Default.App with { IosUrl = "" } } },
        { "quietHours.timeZone", Default with { QuietHours = Default.QuietHours with { TimeZone = "Asia/Hanoi_City" } } },
        { "quietHours.channels", Default with { QuietHours = Default.QuietHours with { Channels = ["sms", "email"] } } },
        { "quietHours.triggers", Default with { QuietHours = Default.QuietHours with { Triggers = ["reminder", "weekly"] } } },
        { "caps.per24Hours", Default with { Caps = new FrequencyCaps(0, 6) } },
        { "caps.per24Hours", Default with { Caps = new FrequencyCaps(101, 200) } },
        { "caps.per30Days", Default with { Caps = new FrequencyCaps(3, 2) } },
        { "reminders.after", Default with { Reminders = Default.Reminders with { After = TimeSpan.Zero } } },
        { "reminders.max", Default with { Reminders = Default.Reminders with { Max = 11 } } },
        { "reminders.max", Default with { Reminders = Default.Reminders with { Max = -1 } } },
        { "reminders.visitEndsAfter", Default with { Reminders = Default.Reminders with { VisitEndsAfter = TimeSpan.FromSeconds(-1) } } },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void A_bad_value_is_refused_naming_its_field(string field, MessagingPolicy policy)
    {
        Assert.Equal(field, PolicyRules.Validate(policy)?.Field);
    }

    [Fact]
    public void Quiet_hours_without_channels_or_triggers_and_any_positive_durations_are_accepted()
    {
        var policy = Default with
        {
            QuietHours = Default.QuietHours with { Channels = [], Triggers = [], TimeZone = "Europe/Paris" },
            Reminders = new ReminderPolicy(TimeSpan.FromSeconds(2), 0, TimeSpan.FromSeconds(5)),
            Caps = new FrequencyCaps(1, 1),
        };

        Assert.Null(PolicyRules.Validate(policy));
    }
}
