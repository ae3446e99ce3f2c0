using Geofence.Notifier.Messages;

namespace Geofence.Notifier.Tests;

public sealed class LanguagesTests
{
    private static readonly IReadOnlySet<string> Available = InstallBluezoneMessage.Available;

    [Theory]
    [InlineData("ko", "US", "ko")]
    [InlineData("zh-Hant", null, "zh")]
    [InlineData("ja_JP", null, "ja")]
    [InlineData("de", "KR", "ko")]
    [InlineData(null, "VN", "vi")]
    [InlineData(null, "RU", "ru")]
    [InlineData(null, "FR", "fr")]
    [InlineData(null, "CN", "zh")]
    [InlineData(null, "JP", "ja")]
    [InlineData("de", "DE", "en")]
    [InlineData(null, null, "en")]
    public void The_guests_language_wins_then_their_nationality_then_english(string? language, string? nationality, string expected) =>
        Assert.Equal(expected, Languages.Choose(language, nationality, Available));

    [Fact]
    public void There_is_a_template_in_each_language_the_province_asked_for() =>
        Assert.Superset(new HashSet<string> { "vi", "en", "ko", "zh", "ja", "ru", "fr" }, Available.ToHashSet());
}
