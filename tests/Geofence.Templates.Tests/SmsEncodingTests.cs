namespace Geofence.Templates.Tests;

/// <summary>SMS part counting against worked examples: GSM-7 160/153, extension characters, UCS-2 70/67.</summary>
public class SmsEncodingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void A_pure_GSM_7_text_takes_one_part_up_to_160_characters_and_153_a_part_beyond(int length, int parts)
    {
        var sms = SmsEncoding.Analyse(new string('a', length));

        Assert.Equal(SmsAnalysis.Gsm7, sms.Encoding);
        Assert.Equal(length, sms.Characters);
        Assert.Equal(parts, sms.Parts);
    }

    [Fact]
    public void Extension_characters_count_two_septets_each()
    {
        var sms = SmsEncoding.Analyse("Price: 5€ [a] {b} ~|^\\");

        Assert.Equal(SmsAnalysis.Gsm7, sms.Encoding);
        Assert.Equal("Price: 5€ [a] {b} ~|^\\".Length + 9, sms.Characters);
    }

    [Fact]
    public void Eighty_euro_signs_are_160_septets_in_one_part_and_eighty_one_take_two()
    {
        Assert.Equal((160, 1), (SmsEncoding.Analyse(new string('€', 80)).Characters, SmsEncoding.Analyse(new string('€', 80)).Parts));
        Assert.Equal((162, 2), (SmsEncoding.Analyse(new string('€', 81)).Characters, SmsEncoding.Analyse(new string('€', 81)).Parts));
    }

    [Fact]
    public void An_extension_character_is_not_split_across_parts()
    {
        // 306 septets fill two 153-septet parts exactly, unless the escape and '{' would straddle the boundary: then the
        // first part carries 152 septets and the last 'a' spills into a third.
        var straddling = new string('a', 152) + "{" + new string('a', 152);
        var aligned = "{" + new string('a', 304);

        Assert.Equal(306, SmsEncoding.Analyse(straddling).Characters);
        Assert.Equal(3, SmsEncoding.Analyse(straddling).Parts);
        Assert.Equal(306, SmsEncoding.Analyse(aligned).Characters);
        Assert.Equal(2, SmsEncoding.Analyse(aligned).Parts);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void A_Vietnamese_text_with_diacritics_is_UCS_2_at_70_characters_and_67_a_part(int length, int parts)
    {
        var text = VietnameseOfLength(length);

        var sms = SmsEncoding.Analyse(text);

        Assert.Equal(SmsAnalysis.Ucs2, sms.Encoding);
        Assert.Equal(length, sms.Characters);
        Assert.Equal(parts, sms.Parts);
        Assert.Contains(SmsEncoding.DiacriticsWarning, sms.Warnings);
    }

    [Fact]
    public void The_same_Vietnamese_text_folded_is_GSM_7_in_one_part()
    {
        var text = VietnameseOfLength(71);

        var folded = SmsEncoding.FoldVietnamese(text);
        var sms = SmsEncoding.Analyse(folded);

        Assert.Equal(SmsAnalysis.Gsm7, sms.Encoding);
        Assert.Equal(71, sms.Characters);
        Assert.Equal(1, sms.Parts);
        Assert.DoesNotContain(SmsEncoding.DiacriticsWarning, sms.Warnings);
    }

    [Fact]
    public void Folding_removes_only_diacritics_and_turns_d_with_stroke_into_d()
    {
        Assert.Equal("Chao mung ban den Da Nang - Dak Lak!", SmsEncoding.FoldVietnamese("Chào mừng bạn đến Đà Nẵng - Đắk Lắk!"));
        Assert.Equal("ベトナム・ダナンへようこそ", SmsEncoding.FoldVietnamese("ベトナム・ダナンへようこそ"));
    }

    [Fact]
    public void Other_languages_keep_the_diacritics_GSM_7_has_and_fold_only_the_others()
    {
        Assert.Equal("à protéger", SmsEncoding.FoldForSms("à protéger", "fr"));
        Assert.Equal("a los demas, aplicacion", SmsEncoding.FoldForSms("a los demás, aplicación", "es"));
        Assert.Equal("Хюэ, José", SmsEncoding.FoldForSms("Хюэ, José", "ru"));
    }

    [Fact]
    public void A_multi_part_message_and_a_link_are_warned_about()
    {
        var sms = SmsEncoding.Analyse(new string('a', 150) + " https://gf.example/i/abc");

        Assert.Equal(["Takes 2 SMS parts; each is charged.", SmsEncoding.LinkWarning], sms.Warnings);
    }

    [Fact]
    public void A_short_plain_text_has_no_warnings()
    {
        Assert.Empty(SmsEncoding.Analyse("Welcome to Ha Noi. Stay safe.").Warnings);
    }

    private static string VietnameseOfLength(int length)
    {
        var text = "";
        while (text.Length < length) text += "Chào mừng bạn đến Hà Nội. ";
        return text[..length];
    }
}
