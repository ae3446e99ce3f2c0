using System.Net.Http.Json;
using Geofence.Contracts;
using Geofence.Privacy;
using Geofence.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Host.Tests;

/// <summary>
/// A campaign's messages on their own lane, through the embedded default: the Dispatcher sends them with the sandbox
/// and the department's report shows them with their campaign. The messages are published on the embedded bus as the
/// Notifier's campaign runner would publish them.
/// </summary>
public sealed class CampaignReportTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private IBus Bus => app.Services.GetRequiredService<IBus>();

    /// <summary>A campaign's message to a Vietnamese number as the Notifier composes it: the person's details sealed.</summary>
    private SendNotification CampaignMessage(Guid campaignId, string phone, int round = 1)
    {
        var cipher = app.Services.GetRequiredService<FieldCipher>();
        Assert.True(app.Services.GetRequiredService<PersonKeys>().TryForPhone(phone, out var personKey));
        return new SendNotification(Guid.NewGuid(), personKey, "vi", Triggers.Campaign, "91", null, DateTimeOffset.UtcNow,
            Phone: cipher.Protect(phone), SmsText: cipher.Protect("Hay cai Bluezone de bao ve ban va gia dinh."), SmsTextParts: 1,
            ReportText: "Hay cai Bluezone de bao ve ban va gia dinh.", CampaignId: campaignId, CampaignRound: round,
            AllowedChannels: [ChannelNames.Zalo, ChannelNames.Sms]);
    }

    private async Task<NotificationItem[]> ReportAsync(string query)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/notifications?{query}&limit=500");
        using var response = await api.Ingest.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<NotificationPage>())!.Items;
    }

    [Fact]
    public async Task A_campaign_message_is_sent_once_by_the_sandbox_and_the_report_shows_it_under_its_campaign()
    {
        var campaignId = Guid.NewGuid();
        var phone = Guests.NewVietnamesePhone();
        var message = CampaignMessage(campaignId, phone, round: 2);

        await Bus.Publish(new SendCampaignNotification(message));
        await Bus.Publish(new SendCampaignNotification(message)); // a repeated release is the same message

        var sent = Assert.Single(await GeofenceApi.EventuallyAsync(() => ReportAsync($"campaignId={campaignId}"),
            items => items is [{ Status: "sent" }], "the campaign's message reported sent"));
        Assert.Equal((message.NotificationId, campaignId, "campaign", "sms", "sandbox", 1),
            (sent.Id, sent.CampaignId, sent.Trigger, sent.Channel, sent.Provider, sent.SmsParts));
        var recorded = Assert.Single(await api.SandboxMessagesAsync(phone));
        Assert.Equal((message.NotificationId, phone, "Hay cai Bluezone de bao ve ban va gia dinh."), (recorded.NotificationId, recorded.Recipient, recorded.Text));
        Assert.Equal(campaignId, Assert.Single(await api.NotificationsAsync(phone)).CampaignId);
    }

    [Fact]
    public async Task The_report_filters_by_campaign_and_by_trigger_and_keeps_a_suppressed_campaign_message_under_its_campaign()
    {
        var (spring, autumn) = (Guid.NewGuid(), Guid.NewGuid());
        var springMessages = Enumerable.Range(0, 2).Select(_ => CampaignMessage(spring, Guests.NewVietnamesePhone())).ToArray();
        var autumnMessage = CampaignMessage(autumn, Guests.NewVietnamesePhone());
        foreach (var m in springMessages.Append(autumnMessage)) await Bus.Publish(new SendCampaignNotification(m));
        var suppressed = new NotificationSuppressed(Guid.NewGuid(), "opted-out", "key-of-someone", "vi", Triggers.Campaign, "91", null,
            DateTimeOffset.UtcNow, CampaignId: spring, CampaignRound: 1);
        await Bus.Publish(suppressed);

        var springReport = await GeofenceApi.EventuallyAsync(() => ReportAsync($"campaignId={spring}"),
            items => items.Length == 3 && items.All(i => i.Status is "sent" or "suppressed"), "the spring campaign's three messages");
        var autumnReport = await GeofenceApi.EventuallyAsync(() => ReportAsync($"campaignId={autumn}"),
            items => items is [{ Status: "sent" }], "the autumn campaign's message");

        Assert.Equal(springMessages.Select(m => m.NotificationId).Append(suppressed.NotificationId).Order(), springReport.Select(i => i.Id).Order());
        Assert.Equal("opted-out", Assert.Single(springReport, i => i.Status == "suppressed").Reason);
        Assert.All(springReport, i => Assert.Equal(spring, i.CampaignId));
        Assert.Equal(autumnMessage.NotificationId, autumnReport[0].Id);
        var campaignIds = (await ReportAsync("trigger=campaign")).Select(i => i.Id).ToHashSet();
        Assert.All(springReport.Select(i => i.Id).Append(autumnMessage.NotificationId), id => Assert.Contains(id, campaignIds));
        Assert.DoesNotContain(await ReportAsync("trigger=checkin"), i => i.CampaignId is not null);
        Assert.Empty(await ReportAsync($"campaignId={Guid.NewGuid()}"));
    }
}
