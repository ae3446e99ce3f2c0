namespace Geofence.Templates.Tests;

/// <summary>Which language a person is written to in: theirs, else their nationality's, else their phone's country's, else English.</summary>
public class LanguageChoiceTests
{
    private static readonly IReadOnlyCollection<string> All = BuiltInTemplates.Languages;

    [Theory]
    [InlineData("zh-TW", "zh-Hant")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("zh_MO", "zh-Hant")]
    [InlineData("zh-Hant-TW", "zh-Hant")]
    [InlineData("zh", "zh-Hans")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh-SG", "zh-Hans")]
    [InlineData("zh-Hans-CN", "zh-Hans")]
    [InlineData("ZH-hant", "zh-Hant")]
    [InlineData("pt-BR", "en")]
    [InlineData("it", "en")]
    [InlineData("nl-NL", "en")]
    [InlineData("de-AT", "de")]
    [InlineData("es-MX", "es")]
    [InlineData("ms-MY", "ms")]
    [InlineData("fr-CA", "fr")]
    [InlineData("in", "id")]
    [InlineData("kor", "ko")]
    [InlineData("VI", "vi")]
    [InlineData("ko-KR", "ko")]
    public void The_guest_s_language_is_chosen_with_fallbacks(string language, string expected)
    {
        Assert.Equal(expected, LanguageChoice.Choose(language, "VN", "+84912345678", All));
    }

    [Theory]
    [InlineData("TH", "th")]
    [InlineData("KH", "km")]
    [InlineData("LA", "lo")]
    [InlineData("TW", "zh-Hant")]
    [InlineData("CN", "zh-Hans")]
    [InlineData("KZ", "ru")]
    [InlineData("CH", "de")]
    [InlineData("SN", "fr")]
    [InlineData("BN", "ms")]
    [InlineData("SG", "en")]
    [InlineData("KOR", "ko")]
    [InlineData("th", "th")]
    public void Without_a_language_the_nationality_decides(string nationality, string expected)
    {
        Assert.Equal(expected, LanguageChoice.Choose(null, nationality, "+84912345678", All));
    }

    [Fact]
    public void A_nationality_whose_language_we_lack_gets_English_not_the_language_of_a_local_SIM()
    {
        Assert.Equal("en", LanguageChoice.Choose(null, "BR", "+84912345678", All));
    }

    [Theory]
    [InlineData("+84912345678", "vi")]
    [InlineData("+82 10 1234 5678", "ko")]
    [InlineData("+66812345678", "th")]
    [InlineData("+8613812345678", "zh-Hans")]
    [InlineData("+85291234567", "zh-Hant")]
    [InlineData("+5511912345678", "en")]
    [InlineData("not a number", "en")]
    public void Without_language_or_nationality_the_phone_s_country_decides(string phone, string expected)
    {
        Assert.Equal(expected, LanguageChoice.Choose(null, null, phone, All));
    }

    [Fact]
    public void Nothing_known_means_English()
    {
        Assert.Equal("en", LanguageChoice.Choose(" ", "", null, All));
        Assert.Equal("en", LanguageChoice.Choose("xx-YY", "ZZZ", null, All));
    }

    [Fact]
    public void Only_available_languages_are_chosen()
    {
        string[] available = ["en", "vi", "ko"];

        Assert.Equal("en", LanguageChoice.Choose("zh-TW", null, null, available));
        Assert.Equal("en", LanguageChoice.Choose(null, "TH", "+84912345678", available));
        Assert.Equal("ko", LanguageChoice.Choose("KO", null, null, available));
    }
}
