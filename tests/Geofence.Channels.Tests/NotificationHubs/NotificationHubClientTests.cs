using Geofence.Channels.NotificationHubs;
using Geofence.Channels.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Geofence.Channels.Tests.NotificationHubs;

public sealed class NotificationHubClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PushMessage Push(PushPlatform platform, string? token = null) =>
        new(Guid.NewGuid(), token ?? Numbers.PushToken(), platform, "Bluezone", "Welcome to Quang Ninh. Please install Bluezone.",
            new Dictionary<string, string> { ["province"] = "22" });

    [Fact]
    public async Task An_android_push_is_sent_directly_to_its_handle_in_fcmv1_format_with_a_valid_signature()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options());
        var push = Push(PushPlatform.Android);

        var result = await client.SendAsync(push, Ct);

        Assert.IsType<ProviderResult.Accepted>(result);
        var delivery = Assert.Single(hub.Delivered);
        Assert.Equal(("fcmv1", push.DeviceToken, push.NotificationId.ToString()), (delivery.Format, delivery.DeviceHandle, delivery.TrackingId));
        Assert.Equal("Bluezone", delivery.Body["message"]!["notification"]!["title"]!.GetValue<string>());
        Assert.Equal("22", delivery.Body["message"]!["data"]!["province"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_ios_push_goes_in_apple_format_with_an_aps_alert()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options());

        Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(Push(PushPlatform.Ios), Ct));

        var delivery = Assert.Single(hub.Delivered);
        Assert.Equal("apple", delivery.Format);
        Assert.Equal("Bluezone", delivery.Body["aps"]!["alert"]!["title"]!.GetValue<string>());
        Assert.Equal("22", delivery.Body["province"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_accepted_id_is_the_notification_named_in_the_location_header()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options());

        var accepted = Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(Push(PushPlatform.Android), Ct));

        Assert.StartsWith("1-", accepted.ProviderMessageId);
    }

    [Fact]
    public async Task A_signature_made_with_the_wrong_key_is_refused_as_a_configuration_problem()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options(key: "not-the-hub-key"));

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(PushPlatform.Android), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "http-401"), (error.Action, error.Code));
        Assert.Contains("InvalidSignature", error.Detail);
        Assert.Empty(hub.Delivered);
    }

    [Fact]
    public async Task An_expired_signature_is_refused_as_a_configuration_problem()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        // A clock an hour slow signs tokens that expired 40 minutes ago.
        var slowClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        using var client = new NotificationHubClient(http, hub.Options(), slowClock);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(PushPlatform.Android), Ct)).Error;

        Assert.Equal(ErrorAction.Configuration, error.Action);
        Assert.Contains("ExpiredToken", error.Detail);
    }

    [Fact]
    public async Task An_unknown_hub_is_a_configuration_problem()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        var options = hub.Options();
        options.HubName = "no-such-hub";
        using var client = new NotificationHubClient(http, options);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(PushPlatform.Android), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "http-404"), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_403_with_retry_after_is_throttling_and_is_retried()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options());
        hub.Server.Reply(403, retryAfter: "12");

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(Push(PushPlatform.Android), Ct));

        Assert.Equal(TimeSpan.FromSeconds(12), retry.RetryAfter);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(413)]
    [InlineData(400)]
    public async Task Quota_exhaustion_oversize_and_malformed_messages_are_rejected_for_good(int status)
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options());
        hub.Server.Reply(status);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(PushPlatform.Android), Ct)).Error;

        Assert.Equal((ErrorAction.Rejected, $"http-{status}"), (error.Action, error.Code));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Timeouts_throttling_and_server_errors_are_retried(int status)
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        using var http = new HttpClient();
        using var client = new NotificationHubClient(http, hub.Options());
        hub.Server.Reply(status);

        Assert.IsType<ProviderResult.Retry>(await client.SendAsync(Push(PushPlatform.Android), Ct));
    }
}
