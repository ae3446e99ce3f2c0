using Geofence.Contracts;

namespace Geofence.Templates.Tests;

/// <summary>Rendering: the optional greeting, names in each language's order, province names in script, SMS folding.</summary>
public class TemplateRendererTests
{
    private static readonly LinkValues Links = new(PolicyRules.Default.App, "https://gf.example/i/AbC123", "https://gf.example/o/XyZ789");

    private static RenderedTemplate Render(string channel, string language, Guest guest, string province = "22", string purpose = TemplatePurposes.Arrival) =>
        TemplateRenderer.Render(TemplateSet.BuiltIn.Resolve(purpose, channel, language), guest, province, Links);

    [Fact]
    public void The_greeting_is_left_out_when_no_name_is_known()
    {
        var push = Render(Channels.Push, "en", Guest.Unknown);

        Assert.Equal("Welcome to Quang Ninh, Vietnam. Please install the Bluezone app to protect yourself and others: https://gf.example/i/AbC123", push.Text);
        Assert.Equal("Bluezone · Quang Ninh", push.Title);
    }

    [Fact]
    public void A_known_first_name_is_greeted()
    {
        Assert.StartsWith("Hello Anna! Welcome to Quang Ninh", Render(Channels.Push, "en", new Guest("Anna", "Schmidt")).Text);
    }

    [Theory]
    [InlineData("https://evil.example/win")]
    [InlineData("evil.example")]
    [InlineData("www.prize")]
    [InlineData("win@evil.example")]
    [InlineData("Call 0912345678")]
    [InlineData("{optOutLink}")]
    public void A_name_that_is_a_link_an_address_or_a_number_is_not_printed(string name)
    {
        var sms = Render(Channels.Sms, "en", new Guest(name, ""));

        Assert.StartsWith("Welcome to Quang Ninh", sms.Text);
        Assert.DoesNotContain("evil", sms.Text);
    }

    [Fact]
    public void An_over_long_name_is_printed_cut_to_its_first_words()
    {
        var sms = Render(Channels.Sms, "en", new Guest("An extremely long name that nobody would ever have really", ""));

        Assert.StartsWith("Hello An extremely long name that! Welcome to Quang Ninh", sms.Text);
    }

    [Fact]
    public void Control_and_bidi_override_characters_are_removed_from_names()
    {
        var push = Render(Channels.Push, "en", new Guest("\u202EAn\u200Bna\u0007 \t  Maria", ""));

        Assert.StartsWith("Hello Anna Maria! Welcome", push.Text);
    }

    [Theory]
    [InlineData("ko", "김 민준님, ")]
    [InlineData("ja", "山田 太郎様、")]
    [InlineData("zh-Hans", "王 伟，")]
    [InlineData("zh-Hant", "王 伟，")]
    public void Korean_Japanese_and_Chinese_readers_are_greeted_family_name_first(string language, string greeting)
    {
        var guest = language switch
        {
            "ko" => new Guest("민준", "김"),
            "ja" => new Guest("太郎", "山田"),
            _ => new Guest("伟", "王"),
        };

        Assert.StartsWith(greeting, Render(Channels.Push, language, guest).Text);
    }

    [Fact]
    public void A_masked_Korean_name_reads_family_name_first_as_the_report_shows_it()
    {
        Assert.StartsWith("K*** M***님, 꽝닌에 오신 것을 환영합니다.", Render(Channels.Sms, "ko", new Guest("M***", "K***")).Text);
    }

    [Fact]
    public void A_Korean_guest_with_only_a_given_name_is_greeted_by_it()
    {
        Assert.StartsWith("민준님, ", Render(Channels.Push, "ko", new Guest("민준", "")).Text);
    }

    [Theory]
    [InlineData("ko", "꽝닌")]
    [InlineData("zh-Hans", "广宁")]
    [InlineData("zh-Hant", "廣寧")]
    [InlineData("ja", "クアンニン")]
    [InlineData("ru", "Куангнинь")]
    [InlineData("th", "กว๋างนิญ")]
    [InlineData("vi", "Quảng Ninh")]
    [InlineData("de", "Quang Ninh")]
    public void The_province_is_named_in_the_reader_s_script(string language, string name)
    {
        Assert.Contains(name, Render(Channels.Push, language, Guest.Unknown).Text);
        Assert.Equal($"Bluezone · {name}", Render(Channels.Push, language, Guest.Unknown).Title);
    }

    [Fact]
    public void A_Vietnamese_SMS_is_folded_to_GSM_7_by_default()
    {
        var sms = Render(Channels.Sms, "vi", new Guest("Minh", "Nguyễn"));

        Assert.Equal("Xin chao Minh! Chao mung ban den Quang Ninh. Hay cai ung dung Bluezone de bao ve minh va cong dong: https://gf.example/i/AbC123 Tu choi nhan tin: https://gf.example/o/XyZ789", sms.Text);
        Assert.Equal(SmsAnalysis.Gsm7, sms.Sms!.Encoding);
    }

    [Fact]
    public void A_Vietnamese_SMS_that_keeps_its_diacritics_goes_as_UCS_2_with_a_warning()
    {
        var template = TemplateSet.BuiltIn.Resolve(TemplatePurposes.Arrival, Channels.Sms, "vi") with { KeepDiacritics = true };

        var sms = TemplateRenderer.Render(template, Guest.Unknown, "01", Links);

        Assert.StartsWith("Chào mừng bạn đến Hà Nội.", sms.Text);
        Assert.Equal(SmsAnalysis.Ucs2, sms.Sms!.Encoding);
        Assert.Contains(SmsEncoding.DiacriticsWarning, sms.Sms.Warnings);
    }

    [Fact]
    public void Zalo_params_are_filled_and_the_configured_template_is_used()
    {
        var zalo = Render(Channels.Zalo, "vi", new Guest("Minh", "Nguyễn"), "79");

        Assert.Null(zalo.ZaloTemplateId);
        Assert.Equal(new Dictionary<string, string>
        {
            ["guest_name"] = "Minh",
            ["province_name"] = "Hồ Chí Minh",
            ["install_link"] = "https://gf.example/i/AbC123",
            ["opt_out_link"] = "https://gf.example/o/XyZ789",
        }, zalo.ZaloParams);
    }

    [Fact]
    public void A_reminder_uses_its_own_text_and_a_campaign_the_arrival_text()
    {
        Assert.StartsWith("Reminder: while you are in Quang Ninh", Render(Channels.Push, "en", Guest.Unknown, purpose: TemplatePurposes.Reminder).Text);
        Assert.StartsWith("Welcome to Quang Ninh", Render(Channels.Push, "en", Guest.Unknown, purpose: TemplatePurposes.Campaign).Text);
    }

    [Fact]
    public void Literal_brackets_are_written_doubled_and_an_optional_part_without_a_value_disappears()
    {
        var template = new MessageTemplate(TemplatePurposes.Arrival, Channels.Push, "en", 3, "[[{appName}]]", "[Dear {lastName}, ]hi[ {firstName}]!");

        var rendered = TemplateRenderer.Render(template, new Guest("Anna", ""), "01", Links);

        Assert.Equal("[Bluezone]", rendered.Title);
        Assert.Equal("hi Anna!", rendered.Text);
        Assert.Equal(3, rendered.Version);
    }

    [Fact]
    public void An_old_province_code_names_the_old_province()
    {
        var old = Fences.ProvinceCatalogue.BuiltIn.Provinces63.Keys.First(code => !Fences.ProvinceCatalogue.BuiltIn.Provinces34.ContainsKey(code));
        var province = Fences.ProvinceCatalogue.BuiltIn.Provinces63[old];

        Assert.Equal(province.NameAscii, ProvinceNames.For("ko", old));
        Assert.Equal(province.NameVi, ProvinceNames.For("vi", old));
    }
}
