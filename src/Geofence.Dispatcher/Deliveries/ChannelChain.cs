using Geofence.Channels;
using Geofence.Contracts;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// The channels to try for one command, cheapest that reaches the person first: push when the device has a live
/// token, else Zalo (when enabled and the number is Vietnamese), else SMS. A permanent refusal moves to the next one.
/// </summary>
public static class ChannelChain
{
    /// <summary>Used when the command carries no push title of its own (an older Notifier).</summary>
    public const string DefaultPushTitle = "Bluezone";

    public static IReadOnlyList<Outgoing> For(SendNotification command, bool zaloEnabled)
    {
        var chain = new List<Outgoing>(3);
        var token = command.PushToken ?? (command.Channel == ChannelNames.Push ? command.Recipient : null);
        var phone = command.Phone ?? (command.Channel is ChannelNames.Sms or ChannelNames.Zalo ? command.Recipient : null);

        if (!string.IsNullOrWhiteSpace(token))
        {
            var text = command.PushText ?? (command.Channel == ChannelNames.Push ? command.Text : command.SmsText ?? command.Text);
            chain.Add(new Outgoing(command, ChannelNames.Push, token, text, 0, command.PushTitle ?? DefaultPushTitle));
        }
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var smsText = command.SmsText ?? command.Text;
            var parts = command.SmsTextParts ?? command.SmsParts;
            if (zaloEnabled && IsVietnamese(phone)) chain.Add(new Outgoing(command, ChannelNames.Zalo, phone, smsText, 0));
            chain.Add(new Outgoing(command, ChannelNames.Sms, phone, smsText, parts));
        }
        return chain;
    }

    /// <summary>Whether the next channel may be tried after this refusal. An opt-out speaks for the person, not the channel.</summary>
    public static bool FallsBack(ErrorAction action) => action != ErrorAction.OptOut;

    private static bool IsVietnamese(string phone) => phone.StartsWith("+84", StringComparison.Ordinal);
}
