using System.Text.Json;
using Geofence.Channels;
using Geofence.Channels.Zalo;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Providers;

/// <summary>Push through FCM or Notification Hubs.</summary>
public sealed class PushSender(IPushProvider provider) : IChannelSender
{
    public string Channel => ChannelNames.Push;
    public string Provider => provider.Name;

    public Task<ProviderResult> SendAsync(Outgoing message, CancellationToken cancellationToken) =>
        provider.SendAsync(new PushMessage(message.NotificationId, message.Recipient, PlatformOf(message.Command),
            message.Title ?? ChannelChain.DefaultPushTitle, message.Text,
            new Dictionary<string, string> { ["notification_id"] = message.NotificationId.ToString() }, message.Priority), cancellationToken);

    /// <summary>Android unless the device said iOS: most devices in Vietnam are Android, and FCM needs no platform.</summary>
    private static PushPlatform PlatformOf(SendNotification command) =>
        string.Equals(command.PushPlatform, "ios", StringComparison.OrdinalIgnoreCase) ? PushPlatform.Ios : PushPlatform.Android;
}

/// <summary>SMS through Twilio or eSMS.vn.</summary>
public sealed class SmsSender(ISmsProvider provider) : IChannelSender
{
    public string Channel => ChannelNames.Sms;
    public string Provider => provider.Name;

    public bool RecognisesRepeats => provider.RecognisesRepeats;

    public Task<ProviderResult> SendAsync(Outgoing message, CancellationToken cancellationToken) =>
        provider.SendAsync(new SmsMessage(message.NotificationId, message.Recipient, message.Text, message.Priority), cancellationToken);
}

/// <summary>
/// A Zalo ZNS template; the text itself cannot be sent, only the template's fields. A command rendered from a managed
/// template carries its own template id and parameters (<see cref="SendNotification.ZaloData"/>, opened by
/// <see cref="ChannelChain.Open"/>); an older command gets the configured template with the parameters <c>guest_name</c>
/// and <c>province_name</c>.
/// </summary>
public sealed class ZaloSender(ZaloZnsClient client) : IChannelSender
{
    public const string GuestNameField = "guest_name";
    public const string ProvinceNameField = "province_name";

    public string Channel => ChannelNames.Zalo;
    public string Provider => client.Name;

    public Task<ProviderResult> SendAsync(Outgoing message, CancellationToken cancellationToken)
    {
        var command = message.Command;
        if (command.ZaloData is null)
            return client.SendAsync(new ZaloTemplateMessage(message.NotificationId, message.Recipient, new Dictionary<string, string>
            {
                [GuestNameField] = command.GuestName ?? "",
                [ProvinceNameField] = command.ProvinceName ?? command.ProvinceCode,
            }, Priority: message.Priority), cancellationToken);
        if (TemplateData(command.ZaloData) is not { } data)
            // Sending the template with wrong fields would fail at Zalo anyway; the SMS after it still carries the text.
            return Task.FromResult<ProviderResult>(new ProviderResult.Rejected(
                new ProviderError(ErrorAction.Rejected, "bad-zalo-data", "the command's Zalo parameters are not a JSON object of strings")));
        return client.SendAsync(new ZaloTemplateMessage(message.NotificationId, message.Recipient, data, command.ZaloTemplateId, message.Priority),
            cancellationToken);
    }

    private static Dictionary<string, string>? TemplateData(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
