using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Privacy;
using Geofence.Testing;
using Geofence.Testing.Providers;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// The campaign lane on RabbitMQ and PostgreSQL: a campaign's messages on their own queue, sent by the Dispatcher at
/// most at the campaign share of eSMS's rate, while an arrival on its usual queue goes before the campaign's backlog.
/// The campaign messages are published on the broker as the Notifier's campaign runner publishes them.
/// </summary>
public sealed class CampaignLaneTests
{
    private const int Backlog = 200;

    [Fact]
    public async Task An_arrival_reaches_eSMS_ahead_of_a_campaign_backlog_queued_before_it_and_the_campaign_keeps_to_its_share_of_the_rate()
    {
        await using var esms = await FakeEsms.StartAsync();
        var dispatcherSettings = ProviderSettings.Esms(esms);
        // 2 a second, of which the campaign may take 1 (⌊0.8 × 2⌋): its backlog lasts minutes, longer than any arrival takes.
        dispatcherSettings["Channels__Esms__MaxPerSecond"] = "2";
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: dispatcherSettings);
        var cipher = new FieldCipher(system.PrivacyKey);
        var campaignId = Guid.NewGuid();
        var campaign = Enumerable.Range(0, Backlog).Select(_ => Guid.NewGuid().ToString()).ToHashSet();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var id in campaign) await PublishCampaignMessageAsync(system, cipher, campaignId, Guid.Parse(id), Guests.NewVietnamesePhone());

        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phone = Guests.NewVietnamesePhone();
        await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone, language: "vi", nationality: "VN"));
        var arrival = Assert.Single(await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone),
            items => items.Any(n => n.Status == "sent"), "the arrival sent"));
        var elapsed = clock.Elapsed;

        // Queued behind the campaign it would have been SMS number 201, minutes from now.
        var sent = esms.Delivered.Select(m => m["RequestId"]!.GetValue<string>()).ToList();
        var position = sent.IndexOf(arrival.Id.ToString());
        Assert.True(position is >= 0 and < Backlog, $"the arrival was SMS number {position + 1}; the campaign had {Backlog} queued before it");
        var campaignSent = sent.Where(campaign.Contains).ToList();
        Assert.Equal(campaignSent.Count, campaignSent.Distinct().Count());
        // One a second at most (a period may start as the test's clock does): the share holds whatever else goes on.
        Assert.True(campaignSent.Count <= elapsed.TotalSeconds + 2, $"{campaignSent.Count} campaign SMS in {elapsed.TotalSeconds:F1} s");
        Assert.Null(arrival.CampaignId);

        // The report has the whole campaign under its id, those eSMS took as sent.
        var report = await GeofenceApi.EventuallyAsync(async () => (await system.Api.CampaignNotificationsAsync(campaignId)).Items,
            items => items.Length == Backlog && campaignSent.All(id => items.Any(i => i.Id.ToString() == id && i.Status == "sent")),
            "the campaign in the report");
        Assert.All(report, i => Assert.Equal(("campaign", campaignId), (i.Trigger, i.CampaignId)));
    }

    /// <summary>A campaign's message as MassTransit publishes it: the person's details sealed, Zalo or SMS allowed.</summary>
    private static async Task PublishCampaignMessageAsync(DistributedGeofence system, FieldCipher cipher, Guid campaignId, Guid notificationId, string phone)
    {
        var envelope = new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { "urn:message:Geofence.Contracts:SendCampaignNotification" },
            message = new
            {
                notification = new
                {
                    notificationId, personKey = $"key-{notificationId:N}", language = "vi", trigger = "campaign", provinceCode = "22",
                    propertyId = (string?)null, createdAt = DateTimeOffset.UtcNow, phone = cipher.Protect(phone),
                    smsText = cipher.Protect("Hay cai Bluezone."), smsTextParts = 1, reportText = "Hay cai Bluezone.",
                    campaignId, campaignRound = 1, allowedChannels = new[] { "zalo", "sms" },
                },
            },
        };
        var vhost = system.VirtualHost;
        using var published = await vhost.Management.PostAsJsonAsync(
            $"exchanges/{vhost.Name}/{Uri.EscapeDataString("Geofence.Contracts:SendCampaignNotification")}/publish", new
            {
                properties = new { content_type = "application/vnd.masstransit+json", delivery_mode = 2 },
                routing_key = "",
                payload = JsonSerializer.Serialize(envelope),
                payload_encoding = "string",
            });
        Assert.True((await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean(), "routed to the campaign lane");
    }
}
