using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Privacy;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Tests;

public sealed class ChannelChainTests
{
    private static readonly FieldCipher Cipher = new("test-phone-hash-key");

    private static SendNotification Command(string? phone = null, string? token = null) =>
        new(Guid.NewGuid(), "person-key", "vi", Triggers.CheckIn, "79", null,
            DateTimeOffset.UnixEpoch, Phone: phone, PushToken: token, PushTitle: "Chào mừng", PushText: "Xin chào",
            SmsText: "Xin chao", SmsTextParts: 1);

    [Fact]
    public void A_person_with_a_live_token_and_a_Vietnamese_number_is_tried_on_push_then_Zalo_then_SMS()
    {
        var chain = ChannelChain.For(Command(phone: "+84912345678", token: "token-1"), zaloEnabled: true);

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

    [Theory]
    [InlineData(new[] { "zalo", "sms" }, new[] { "zalo", "sms" })]
    [InlineData(new[] { "sms", "zalo" }, new[] { "zalo", "sms" })]
    [InlineData(new[] { "sms" }, new[] { "sms" })]
    [InlineData(new[] { "ZALO" }, new[] { "zalo" })]
    [InlineData(new[] { "push" }, new[] { "push" })]
    [InlineData(new string[0], new string[0])]
    public void A_command_that_names_its_channels_is_tried_only_on_those_in_the_usual_order(string[] allowed, string[] expected)
    {
        var command = Command(phone: "+84912345678", token: "token-1") with { AllowedChannels = allowed };

        Assert.Equal(expected, ChannelChain.For(command, zaloEnabled: true).Select(c => c.Channel));
    }

    [Fact]
    public void A_command_that_names_no_channels_may_go_on_every_one()
    {
        var command = Command(phone: "+84912345678", token: "token-1") with { AllowedChannels = null };

        Assert.Equal([ChannelNames.Push, ChannelNames.Zalo, ChannelNames.Sms], ChannelChain.For(command, zaloEnabled: true).Select(c => c.Channel));
    }

    [Fact]
    public void Every_channel_of_a_background_command_carries_its_priority_to_the_provider()
    {
        var chain = ChannelChain.For(Command(phone: "+84912345678", token: "token-1"), zaloEnabled: true, SendPriority.Background);

        Assert.All(chain, c => Assert.Equal(SendPriority.Background, c.Priority));
        Assert.All(ChannelChain.For(Command(phone: "+84912345678"), zaloEnabled: true), c => Assert.Equal(SendPriority.Immediate, c.Priority));
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
        var chain = ChannelChain.For(Command(phone: "+821012345678"), zaloEnabled: true);

        Assert.Equal([ChannelNames.Sms], chain.Select(c => c.Channel));
    }

    [Fact]
    public void A_device_without_a_phone_is_tried_on_push_only()
    {
        var chain = ChannelChain.For(Command(token: "token-1"), zaloEnabled: true);

        Assert.Equal([ChannelNames.Push], chain.Select(c => c.Channel));
    }

    [Fact]
    public void A_sealed_command_is_sent_to_the_number_and_token_it_seals()
    {
        var sealed_ = Command(phone: "+84912345678", token: "token-1") with
        {
            Phone = Cipher.Protect("+84912345678"),
            PushToken = Cipher.Protect("token-1"),
            PushTitle = Cipher.Protect("Minh ơi, chào mừng"),
            PushText = Cipher.Protect("Xin chào Minh"),
            SmsText = Cipher.Protect("Xin chao Minh"),
            GuestName = Cipher.Protect("Minh"),
        };

        var chain = ChannelChain.For(ChannelChain.Open(sealed_, Cipher), zaloEnabled: true);

        Assert.Equal(["token-1", "+84912345678", "+84912345678"], chain.Select(c => c.Recipient));
        Assert.Equal(["Xin chào Minh", "Xin chao Minh", "Xin chao Minh"], chain.Select(c => c.Text));
        Assert.Equal("Minh", chain[1].Command.GuestName);
        Assert.Equal("Minh ơi, chào mừng", chain[0].Title);
    }

    [Fact]
    public void A_command_from_before_sealing_is_sent_with_its_clear_values()
    {
        var clear = Command(phone: "+84912345678", token: "token-1") with { GuestName = "Minh" };

        var chain = ChannelChain.For(ChannelChain.Open(clear, Cipher), zaloEnabled: false);

        Assert.Equal(["token-1", "+84912345678"], chain.Select(c => c.Recipient));
        Assert.Equal("Minh", chain[0].Command.GuestName);
    }

    [Fact]
    public void A_command_from_the_single_channel_Notifier_finds_no_channel()
    {
        // Its Channel, Recipient and Text are no longer read; without the multi-channel fields nothing reaches the person.
        var legacy = new SendNotification(Guid.NewGuid(), "person-key", "en", Triggers.CheckIn, "79", null, DateTimeOffset.UnixEpoch);

        Assert.Empty(ChannelChain.For(ChannelChain.Open(legacy, Cipher), zaloEnabled: true));
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
