using Geofence.Contracts;

namespace Geofence.Templates.Tests;

/// <summary>What the department may save: known placeholders, an opt-out link in SMS and Zalo, each channel's limits.</summary>
public class TemplateRulesTests
{
    private static MessageTemplate Sms(string text, string language = "en") => new(TemplatePurposes.Arrival, Channels.Sms, language, 1, null, text);

    [Fact]
    public void An_unknown_placeholder_is_refused_naming_it()
    {
        var problem = TemplateRules.Validate(Sms("Hello {fristName}! Stop: {optOutLink}"));

        Assert.NotNull(problem);
        Assert.Equal("text", problem.Field);
        Assert.StartsWith("Unknown placeholder {fristName}.", problem.Message);
    }

    [Fact]
    public void An_unknown_placeholder_in_a_push_title_is_refused_on_the_title()
    {
        var problem = TemplateRules.Validate(new MessageTemplate(TemplatePurposes.Arrival, Channels.Push, "en", 1, "{app} news", "Install {appName}: {installLink}"));

        Assert.Equal("title", problem?.Field);
        Assert.Contains("{app}", problem?.Message);
    }

    [Theory]
    [InlineData("Hello\u202E {appName}: {installLink} Stop: {optOutLink}", 6, "202E")]
    [InlineData("Hello\u0007 {appName}: {installLink} Stop: {optOutLink}", 6, "0007")]
    [InlineData("Hello {appName}\u2066: {installLink} Stop: {optOutLink}", 16, "2066")]
    public void A_control_or_bidi_override_character_is_refused_naming_it_and_where(string text, int position, string codePoint)
    {
        var problem = TemplateRules.Validate(new MessageTemplate(TemplatePurposes.Arrival, Channels.Sms, "en", 1, null, text));

        Assert.NotNull(problem);
        Assert.Equal("text", problem.Field);
        Assert.Contains($"U+{codePoint} at position {position}", problem.Message);
    }

    [Fact]
    public void Line_breaks_and_the_zero_width_space_Khmer_needs_are_allowed()
    {
        var template = new MessageTemplate(TemplatePurposes.Arrival, Channels.Sms, "km", 1, null, "សូម\u200Bដំឡើង {appName}\n{installLink}\nឈប់: {optOutLink}");

        Assert.Null(TemplateRules.Validate(template));
    }

    [Theory]
    [InlineData("Hello {firstName! Stop: {optOutLink}")]
    [InlineData("Hello firstName}! Stop: {optOutLink}")]
    [InlineData("[Hello {firstName}! Stop: {optOutLink}")]
    [InlineData("Hello] {firstName}! Stop: {optOutLink}")]
    public void Unbalanced_braces_and_brackets_are_refused(string text)
    {
        var problem = TemplateRules.Validate(Sms(text));

        Assert.Equal("text", problem?.Field);
        Assert.StartsWith("Unbalanced", problem?.Message);
    }

    [Fact]
    public void An_SMS_without_the_opt_out_link_is_refused()
    {
        var problem = TemplateRules.Validate(Sms("Please install {appName}: {installLink}"));

        Assert.Equal("text", problem?.Field);
        Assert.StartsWith("An SMS template must contain {optOutLink}", problem?.Message);
    }

    [Fact]
    public void An_opt_out_link_that_an_optional_part_could_drop_does_not_count()
    {
        var problem = TemplateRules.Validate(Sms("Install {appName}: {installLink}[ {firstName}, stop: {optOutLink}]"));

        Assert.Contains("outside an optional", problem?.Message);
    }

    [Fact]
    public void An_SMS_over_six_parts_at_worst_is_refused_saying_so()
    {
        var problem = TemplateRules.Validate(Sms(string.Concat(Enumerable.Repeat("Please install the app. ", 40)) + "Stop: {optOutLink}"));

        Assert.Equal("text", problem?.Field);
        Assert.Contains("7 parts", problem?.Message);
        Assert.Contains("at most 6", problem?.Message);
    }

    [Fact]
    public void An_SMS_of_six_parts_at_worst_is_accepted()
    {
        // 6 × 153 = 918 septets; the worst case opt-out link takes 40 and "Stop: " 6.
        Assert.Null(TemplateRules.Validate(Sms(new string('a', 918 - 46) + "Stop: {optOutLink}")));
        Assert.NotNull(TemplateRules.Validate(Sms(new string('a', 918 - 45) + "Stop: {optOutLink}")));
    }

    [Fact]
    public void An_empty_text_is_refused()
    {
        Assert.Equal(new TemplateProblem("text", "The text is empty."), TemplateRules.Validate(Sms("  ")));
    }

    [Fact]
    public void A_push_title_over_65_characters_at_worst_is_refused()
    {
        // The worst case app name is 20 characters: 20 + 1 + 45 = 66.
        MessageTemplate Push(int letters) => new(TemplatePurposes.Arrival, Channels.Push, "en", 1, "{appName} " + new string('t', letters), "Install: {installLink}");

        var problem = TemplateRules.Validate(Push(45));

        Assert.Equal("title", problem?.Field);
        Assert.Contains("at most 65", problem?.Message);
        Assert.Null(TemplateRules.Validate(Push(44)));
    }

    [Fact]
    public void A_push_text_over_240_characters_at_worst_is_refused()
    {
        var problem = TemplateRules.Validate(new MessageTemplate(TemplatePurposes.Arrival, Channels.Push, "en", 1, "Hi", new string('t', 200) + " {installLink}"));

        Assert.Equal("text", problem?.Field);
        Assert.Contains("241 characters", problem?.Message);
    }

    [Fact]
    public void A_Zalo_template_without_the_opt_out_link_in_its_params_is_refused()
    {
        var template = new MessageTemplate(TemplatePurposes.Reminder, Channels.Zalo, "vi", 1, null, null, false, "412345",
            new Dictionary<string, string> { ["guest_name"] = "{greetingName}", ["install_link"] = "{installLink}" });

        var problem = TemplateRules.Validate(template);

        Assert.Equal("params", problem?.Field);
        Assert.Contains("{optOutLink}", problem?.Message);
    }

    [Fact]
    public void A_Zalo_param_with_an_unknown_placeholder_or_over_100_characters_is_refused_on_that_param()
    {
        Dictionary<string, string> Params(string note) => new() { ["note"] = note, ["opt_out_link"] = "{optOutLink}" };
        MessageTemplate Zalo(string note) => new(TemplatePurposes.Arrival, Channels.Zalo, "vi", 1, null, null, false, null, Params(note));

        Assert.Equal("params.note", TemplateRules.Validate(Zalo("{province}"))?.Field);
        Assert.Contains("{province}", TemplateRules.Validate(Zalo("{province}"))?.Message);
        Assert.Equal("params.note", TemplateRules.Validate(Zalo(new string('n', 61) + "{installLink}"))?.Field);
        Assert.Null(TemplateRules.Validate(Zalo(new string('n', 60) + "{installLink}")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123")]
    [InlineData("12 34")]
    public void A_Zalo_template_id_that_is_empty_too_long_or_not_alphanumeric_is_refused(string id)
    {
        var template = new MessageTemplate(TemplatePurposes.Arrival, Channels.Zalo, "vi", 1, null, null, false, id, BuiltInTemplates.ZaloParams);

        Assert.Equal("templateId", TemplateRules.Validate(template)?.Field);
    }

    [Fact]
    public void Unknown_channels_purposes_and_languages_are_refused_on_their_field()
    {
        Assert.Equal("channel", TemplateRules.Validate(Sms("x {optOutLink}") with { Channel = "fax" })?.Field);
        Assert.Equal("purpose", TemplateRules.Validate(Sms("x {optOutLink}") with { Purpose = "promo" })?.Field);
        Assert.Equal("language", TemplateRules.Validate(Sms("x {optOutLink}", "pt"))?.Field);
    }
}
