using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geofence.Channels;
using Geofence.Channels.Zalo;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Tests.Support;
using Geofence.Privacy;
using Geofence.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Dispatcher.Tests;

/// <summary>What the Dispatcher asks Zalo for: the command's own template and parameters, else the configured template.</summary>
public sealed class ZaloTemplateTests
{
    private static readonly FieldCipher Cipher = new("test-phone-hash-key");

    private static SendNotification Command() =>
        new(Guid.NewGuid(), "person-key", "vi", Triggers.CheckIn, "22", null, DateTimeOffset.UtcNow,
            Phone: Cipher.Protect("+84912345678"), SmsText: Cipher.Protect("Xin chao"), SmsTextParts: 1,
            GuestName: Cipher.Protect("Minh"), ProvinceName: "Quảng Ninh");

    /// <summary>The consumer as the bus runs it, with Zalo enabled and the real ZNS client against the fake.</summary>
    private static async Task DeliverAsync(FakeZalo zalo, SendNotification command)
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        await using var db = database.Open();
        using var http = new HttpClient();
        using var client = new ZaloZnsClient(http, zalo.Options());
        var alarms = new ProviderAlarms(TimeProvider.System,
            new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var delivery = new NotificationDelivery(db, [new ZaloSender(client)], new ProviderSelection(PushProvider.Sandbox, SmsProvider.Sandbox, true),
            new DeliveryRetrySettings { MinInterval = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromMinutes(1), GiveUpAfter = TimeSpan.FromDays(1) },
            alarms, Cipher, TimeProvider.System, NullLogger<NotificationDelivery>.Instance);
        await delivery.DeliverAsync(command, SendPriority.Immediate, CancellationToken.None);
    }

    [Fact]
    public async Task A_command_with_its_own_Zalo_template_sends_that_template_with_the_sealed_parameters_opened()
    {
        await using var zalo = await FakeZalo.StartAsync();
        zalo.OtherTemplateIds.Add("455001");
        var data = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["name"] = "Minh", ["province"] = "Quảng Ninh", ["install_link"] = "https://g.example/i/abc", ["opt_out_link"] = "https://g.example/o/abc",
        });

        await DeliverAsync(zalo, Command() with { ZaloTemplateId = "455001", ZaloData = Cipher.Protect(data) });

        var body = Assert.Single(zalo.Delivered);
        Assert.Equal("455001", body["template_id"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(data)!.ToJsonString(), body["template_data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_command_with_parameters_but_no_template_id_uses_the_configured_template()
    {
        await using var zalo = await FakeZalo.StartAsync();

        await DeliverAsync(zalo, Command() with { ZaloData = Cipher.Protect("""{"app":"Bluezone"}""") });

        var body = Assert.Single(zalo.Delivered);
        Assert.Equal(zalo.TemplateId, body["template_id"]!.GetValue<string>());
        Assert.Equal("""{"app":"Bluezone"}""", body["template_data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_command_from_before_managed_templates_sends_the_guest_and_province_to_the_configured_template()
    {
        await using var zalo = await FakeZalo.StartAsync();

        await DeliverAsync(zalo, Command());

        var body = Assert.Single(zalo.Delivered);
        Assert.Equal(zalo.TemplateId, body["template_id"]!.GetValue<string>());
        Assert.Equal("Minh", body["template_data"]![ZaloSender.GuestNameField]!.GetValue<string>());
        Assert.Equal("Quảng Ninh", body["template_data"]![ZaloSender.ProvinceNameField]!.GetValue<string>());
    }
}
