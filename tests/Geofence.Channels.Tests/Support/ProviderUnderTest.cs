using Geofence.Channels.Esms;
using Geofence.Channels.Fcm;
using Geofence.Channels.NotificationHubs;
using Geofence.Channels.Twilio;
using Geofence.Channels.Zalo;

namespace Geofence.Channels.Tests.Support;

/// <summary>Any of the five clients against its own fake, for the checks every provider must pass alike.</summary>
public sealed class ProviderUnderTest : IAsyncDisposable
{
    public static TheoryData<string> All => ["fcm", "notificationhubs", "twilio", "esms", "zalo"];

    private readonly IAsyncDisposable fake;
    private readonly IDisposable client;
    private readonly Func<CancellationToken, Task<ProviderResult>> send;

    private ProviderUnderTest(IAsyncDisposable fake, FakeProviderServer server, IDisposable client, Func<CancellationToken, Task<ProviderResult>> send)
    {
        this.fake = fake;
        Server = server;
        this.client = client;
        this.send = send;
    }

    public FakeProviderServer Server { get; }

    /// <summary>Sends a fresh message to a fresh recipient.</summary>
    public Task<ProviderResult> SendAsync(CancellationToken cancellationToken) => send(cancellationToken);

    public static async Task<ProviderUnderTest> StartAsync(string provider, HttpClient http, int maxPerSecond = 1000)
    {
        switch (provider)
        {
            case "fcm":
                {
                    var fake = await FakeFcm.StartAsync();
                    var options = fake.Options();
                    options.MaxPerSecond = maxPerSecond;
                    var client = new FcmClient(http, options);
                    return new(fake, fake.Server, client, ct => client.SendAsync(Push(), ct));
                }
            case "notificationhubs":
                {
                    var fake = await FakeNotificationHub.StartAsync();
                    var options = fake.Options();
                    options.MaxPerSecond = maxPerSecond;
                    var client = new NotificationHubClient(http, options);
                    return new(fake, fake.Server, client, ct => client.SendAsync(Push(), ct));
                }
            case "twilio":
                {
                    var fake = await FakeTwilio.StartAsync();
                    var options = fake.Options();
                    options.MaxPerSecond = maxPerSecond;
                    var client = new TwilioSmsClient(http, options);
                    return new(fake, fake.Server, client, ct => client.SendAsync(Sms(), ct));
                }
            case "esms":
                {
                    var fake = await FakeEsms.StartAsync();
                    var options = fake.Options();
                    options.MaxPerSecond = maxPerSecond;
                    var client = new EsmsClient(http, options);
                    return new(fake, fake.Server, client, ct => client.SendAsync(Sms(), ct));
                }
            case "zalo":
                {
                    var fake = await FakeZalo.StartAsync();
                    var options = fake.Options();
                    options.MaxPerSecond = maxPerSecond;
                    var client = new ZaloZnsClient(http, options);
                    return new(fake, fake.Server, client, ct => client.SendAsync(
                        new ZaloTemplateMessage(Guid.NewGuid(), Numbers.Vietnamese(), new Dictionary<string, string> { ["app"] = "Bluezone" }), ct));
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }
    }

    private static PushMessage Push() => new(Guid.NewGuid(), Numbers.PushToken(), PushPlatform.Android, "Bluezone", "Please install Bluezone.");

    private static SmsMessage Sms() => new(Guid.NewGuid(), Numbers.Vietnamese(), "Hay cai Bluezone.");

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await fake.DisposeAsync();
    }
}
