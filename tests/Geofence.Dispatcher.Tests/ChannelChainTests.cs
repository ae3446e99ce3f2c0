using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Tests;

public sealed class ChannelChainTests
{
    private static SendNotification Command(string channel = ChannelNames.Sms, string recipient = "+84912345678",
        string? phone = null, string? token = null) =>
        new(Guid.NewGuid(), channel, recipient, "person-key", "vi", "Xin chao", 1, Triggers.CheckIn, "79", null,
            DateTimeOffset.UnixEpoch, Phone: phone, PushToken: token, PushTitle: "Chào mừng", PushText: "Xin chào",
            SmsText: "Xin chao", SmsTextParts: 1);

    [Fact]
    public void A_person_with_a_live_token_and_a_Vietnamese_number_is_tried_on_push_then_Zalo_then_SMS()
    {
        var chain = ChannelChain.For(Command(ChannelNames.Push, "token-1", phone: "+84912345678", token: "token-1"), zaloEnabled: true);

        Assert.Equal([ChannelNames.Push, ChannelNames.Zalo, ChannelNames.Sms], chain.Select(c => c.Channel));
        Assert.Equal(["token-1", "+84912345678", "+84912345678"], chain.Select(c => c.Recipient));
    }

    [Fact]
    public void Push_carries_the_text_with_diacritics_and_SMS_the_text_without()
    {
        var chain = ChannelChain.For(Command(phone: "+84912345678", token: "token-1"), zaloEnabled: false);

        Assert.Equal(("Chào mừng", "Xin chào"), (chain[0].Title, chain[0].Text));
        Assert.Equal(("Xin chao", 1), (chain[1].Text, chain[1].SmsParts));
    }

    [Fact]
    public void Zalo_is_skipped_when_it_is_not_enabled()
    {
        var chain = ChannelChain.For(Command(phone: "+84912345678"), zaloEnabled: false);

        Assert.Equal([ChannelNames.Sms], chain.Select(c => c.Channel));
    }

    [Fact]
    public void Zalo_is_skipped_for_a_foreign_number()
    {
        var chain = ChannelChain.For(Command(recipient: "+821012345678", phone: "+821012345678"), zaloEnabled: true);

        Assert.Equal([ChannelNames.Sms], chain.Select(c => c.Channel));
    }

    [Fact]
    public void A_device_without_a_phone_is_tried_on_push_only()
    {
        var chain = ChannelChain.For(Command(ChannelNames.Push, "token-1", token: "token-1"), zaloEnabled: true);

        Assert.Equal([ChannelNames.Push], chain.Select(c => c.Channel));
    }

    [Fact]
    public void A_command_from_an_older_Notifier_is_sent_on_its_own_channel_to_its_recipient()
    {
        var legacy = new SendNotification(Guid.NewGuid(), ChannelNames.Push, "token-1", "person-key", "en", "Hello", 0,
            Triggers.CheckIn, "79", null, DateTimeOffset.UnixEpoch);

        var only = Assert.Single(ChannelChain.For(legacy, zaloEnabled: true));
        Assert.Equal((ChannelNames.Push, "token-1", "Hello", ChannelChain.DefaultPushTitle), (only.Channel, only.Recipient, only.Text, only.Title));
    }

    [Theory]
    [InlineData(ErrorAction.DropToken, true)]
    [InlineData(ErrorAction.NoAccountOnChannel, true)]
    [InlineData(ErrorAction.InvalidRecipient, true)]
    [InlineData(ErrorAction.Configuration, true)]
    [InlineData(ErrorAction.Rejected, true)]
    [InlineData(ErrorAction.OptOut, false)]
    public void Every_permanent_refusal_but_an_opt_out_falls_back_to_the_next_channel(ErrorAction action, bool fallsBack) =>
        Assert.Equal(fallsBack, ChannelChain.FallsBack(action));
}
