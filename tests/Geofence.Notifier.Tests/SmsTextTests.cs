using Geofence.Notifier.Messages;

namespace Geofence.Notifier.Tests;

public sealed class SmsTextTests
{
    [Theory]
    [InlineData("Chào mừng bạn đến Quảng Ninh", "Chao mung ban den Quang Ninh")]
    [InlineData("ĐẮK LẮK, Hồ Chí Minh, Thừa Thiên Huế", "DAK LAK, Ho Chi Minh, Thua Thien Hue")]
    [InlineData("Hãy cài ứng dụng Bluezone", "Hay cai ung dung Bluezone")]
    public void Vietnamese_loses_its_diacritics_and_becomes_gsm7(string vietnamese, string plain)
    {
        Assert.Equal(plain, SmsText.WithoutDiacritics(vietnamese));
        Assert.True(SmsText.IsGsm7(plain));
        Assert.False(SmsText.IsGsm7(vietnamese));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_text_fits_160_characters_in_one_sms_and_153_per_part_after(int length, int parts) =>
        Assert.Equal(parts, SmsText.CountParts(new string('a', length)));

    [Fact]
    public void Gsm7_extension_characters_take_two_places()
    {
        Assert.Equal(1, SmsText.CountParts(new string('€', 80)));
        Assert.Equal(2, SmsText.CountParts(new string('€', 81)));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Text_outside_gsm7_is_ucs2_at_70_characters_and_67_per_part(int length, int parts) =>
        Assert.Equal(parts, SmsText.CountParts(new string('한', length)));
}
