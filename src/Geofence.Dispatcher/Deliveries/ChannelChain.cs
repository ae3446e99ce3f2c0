using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Privacy;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// The channels to try for one command, cheapest that reaches the person first: push when the device has a live
/// token, else Zalo (when enabled and the number is Vietnamese), else SMS. A permanent refusal moves to the next one.
/// A command that names its channels (<see cref="SendNotification.AllowedChannels"/>, a campaign's) gets only those, in
/// the same order.
/// </summary>
public static class ChannelChain
{
    /// <summary>Used when the command carries no push title of its own.</summary>
    public const string DefaultPushTitle = "Bluezone";

    /// <param name="command">Opened (<see cref="Open"/>): the person's details in clear.</param>
    /// <param name="priority">How the providers' rate limits serve it: background for a campaign's message.</param>
    public static IReadOnlyList<Outgoing> For(SendNotification command, bool zaloEnabled, SendPriority priority = SendPriority.Immediate)
    {
        var chain = new List<Outgoing>(3);
        if (Allows(command, ChannelNames.Push) && !string.IsNullOrWhiteSpace(command.PushToken) && (command.PushText ?? command.SmsText) is { } pushText)
            chain.Add(new Outgoing(command, ChannelNames.Push, command.PushToken, pushText, 0, command.PushTitle ?? DefaultPushTitle, priority));
        if (!string.IsNullOrWhiteSpace(command.Phone) && command.SmsText is { } smsText)
        {
            if (zaloEnabled && Allows(command, ChannelNames.Zalo) && IsVietnamese(command.Phone))
                chain.Add(new Outgoing(command, ChannelNames.Zalo, command.Phone, smsText, 0, Priority: priority));
            if (Allows(command, ChannelNames.Sms))
                chain.Add(new Outgoing(command, ChannelNames.Sms, command.Phone, smsText, command.SmsTextParts ?? 0, Priority: priority));
        }
        return chain;
    }

    /// <summary>Whether the command may go out on <paramref name="channel"/>: every channel unless it names its own.</summary>
    public static bool Allows(SendNotification command, string channel) =>
        command.AllowedChannels is null || command.AllowedChannels.Contains(channel, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The command with the fields the Notifier sealed opened, to be handed to providers and never stored or published;
    /// a command from before sealing holds them in clear, which passes through.
    /// </summary>
    public static SendNotification Open(SendNotification command, FieldCipher cipher) => command with
    {
        Phone = cipher.Unprotect(command.Phone),
        PushToken = cipher.Unprotect(command.PushToken),
        PushTitle = cipher.Unprotect(command.PushTitle),
        PushText = cipher.Unprotect(command.PushText),
        SmsText = cipher.Unprotect(command.SmsText),
        GuestName = cipher.Unprotect(command.GuestName),
        ZaloData = cipher.Unprotect(command.ZaloData),
    };

    /// <summary>Whether the next channel may be tried after this refusal. An opt-out speaks for the person, not the channel.</summary>
    public static bool FallsBack(ErrorAction action) => action != ErrorAction.OptOut;

    private static bool IsVietnamese(string phone) => phone.StartsWith("+84", StringComparison.Ordinal);
}
