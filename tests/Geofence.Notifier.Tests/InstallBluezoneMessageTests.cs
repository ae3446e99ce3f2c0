using Geofence.Contracts;
using Geofence.Notifier.Messages;

namespace Geofence.Notifier.Tests;

public sealed class InstallBluezoneMessageTests
{
    private readonly InstallBluezoneMessage messages = new(new StoreLinks());

    private static Addressee Guest(string? language, string? nationality, string first = "Min-jun", string last = "Kim") =>
        new(first, last, language, nationality);

    [Fact]
    public void A_Korean_guest_is_greeted_family_name_first_with_both_store_links()
    {
        var message = messages.Render(Channels.Sms, Guest("ko", "KR"), "22");

        Assert.Equal("ko", message.Language);
        Assert.StartsWith("Kim Min-jun님, Quang Ninh에", message.Text);
        Assert.Contains(new StoreLinks().AndroidStoreUrl, message.Text);
        Assert.Contains(new StoreLinks().IosStoreUrl, message.Text);
        Assert.Equal(SmsText.CountParts(message.Text), message.SmsParts);
    }

    [Fact]
    public void A_Vietnamese_sms_is_sent_without_diacritics_but_a_push_keeps_them()
    {
        var guest = Guest(null, "VN", "Đức", "Nguyễn");

        var sms = messages.Render(Channels.Sms, guest, "48");
        var push = messages.Render(Channels.Push, guest, "48");

        Assert.StartsWith("Xin chao Duc! Chao mung ban den Da Nang.", sms.Text);
        Assert.True(SmsText.IsGsm7(sms.Text));
        Assert.StartsWith("Xin chào Đức! Chào mừng bạn đến Đà Nẵng.", push.Text);
        Assert.Equal(0, push.SmsParts);
    }

    [Fact]
    public void A_guest_without_a_name_gets_the_message_without_a_greeting()
    {
        var message = messages.Render(Channels.Sms, Guest("en", "GB", "", ""), "79");

        Assert.StartsWith("Welcome to Ho Chi Minh, Vietnam.", message.Text);
    }

    [Fact]
    public void Store_links_come_from_configuration()
    {
        var custom = new InstallBluezoneMessage(new StoreLinks { AndroidStoreUrl = "https://a.example/x", IosStoreUrl = "https://i.example/y" });

        var message = custom.Render(Channels.Sms, Guest("en", null), "22");

        Assert.Contains("Android: https://a.example/x iPhone: https://i.example/y", message.Text);
    }
}
