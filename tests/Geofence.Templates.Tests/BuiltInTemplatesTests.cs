using Geofence.Contracts;

namespace Geofence.Templates.Tests;

/// <summary>The built-in texts: complete, valid, and cheap enough as SMS.</summary>
public class BuiltInTemplatesTests(ITestOutputHelper output)
{
    private static readonly LinkValues ThirtyCharacterLinks = new(PolicyRules.Default.App, "https://gf.example/i/AbCdEf12", "https://gf.example/o/XyZ78901");

    // Latin-script languages go as GSM-7; the others as UCS-2.
    private static readonly string[] LatinScript = ["vi", "en", "fr", "de", "es", "ms", "id"];

    public static TheoryData<string> Languages => [.. BuiltInTemplates.Languages];

    [Fact]
    public void Every_language_has_arrival_and_reminder_texts_for_push_SMS_and_Zalo()
    {
        var keys = BuiltInTemplates.All.Select(t => (t.Purpose, t.Channel, t.Language)).ToHashSet();

        Assert.Equal(15, BuiltInTemplates.Languages.Count);
        Assert.Equal(15 * 2 * 3, BuiltInTemplates.All.Count);
        foreach (var language in BuiltInTemplates.Languages)
        {
            foreach (var purpose in new[] { TemplatePurposes.Arrival, TemplatePurposes.Reminder })
            {
                foreach (var channel in new[] { Channels.Push, Channels.Sms, Channels.Zalo })
                {
                    Assert.Contains((purpose, channel, language), keys);
                }
            }
        }
        Assert.Subset(BuiltInTemplates.Languages.ToHashSet(), BuiltInTemplates.NeedsNativeReview.ToHashSet());
    }

    [Fact]
    public void Every_built_in_template_passes_the_rules_the_department_s_ones_must()
    {
        var problems = BuiltInTemplates.All
            .Select(t => (t.Purpose, t.Channel, t.Language, Problem: TemplateRules.Validate(t)))
            .Where(x => x.Problem is not null)
            .Select(x => $"{x.Purpose}/{x.Channel}/{x.Language}: {x.Problem}");

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_built_in_SMS_fits_two_GSM_7_parts_or_three_UCS_2_ones_with_a_greeting_and_30_character_links(string language)
    {
        foreach (var purpose in new[] { TemplatePurposes.Arrival, TemplatePurposes.Reminder })
        {
            var template = TemplateSet.BuiltIn.Resolve(purpose, Channels.Sms, language);
            var named = TemplateRenderer.Render(template, new Guest("Minh Khoa", "Nguyen"), "79", ThirtyCharacterLinks).Sms!;
            var unnamed = TemplateRenderer.Render(template, Guest.Unknown, "01", ThirtyCharacterLinks).Sms!;
            output.WriteLine($"{language} {purpose}: {named.Encoding} {named.Characters} characters, {named.Parts} parts with a name; {unnamed.Characters}, {unnamed.Parts} without");

            if (LatinScript.Contains(language))
            {
                Assert.Equal(SmsAnalysis.Gsm7, named.Encoding);
                Assert.True(named.Parts <= 2, $"{language} {purpose}: {named.Parts} parts");
            }
            else
            {
                Assert.Equal(SmsAnalysis.Ucs2, named.Encoding);
                Assert.True(named.Parts <= 3, $"{language} {purpose}: {named.Parts} parts");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_built_in_text_renders_without_placeholders_left_and_carries_the_install_link(string language)
    {
        foreach (var template in BuiltInTemplates.All.Where(t => t.Language == language))
        {
            var rendered = TemplateRenderer.Render(template, new Guest("Anna", "Lee"), "22", ThirtyCharacterLinks);
            var texts = new[] { rendered.Title, rendered.Text }.Concat(rendered.ZaloParams?.Values ?? []).OfType<string>().ToArray();

            Assert.All(texts, text => Assert.DoesNotContain('{', text));
            Assert.Contains(texts, text => text.Contains(ThirtyCharacterLinks.InstallLink, StringComparison.Ordinal));
            if (template.Channel != Channels.Push) Assert.Contains(texts, text => text.Contains(ThirtyCharacterLinks.OptOutLink, StringComparison.Ordinal));
            Assert.Contains(texts, text => text.Contains("Anna", StringComparison.Ordinal));
        }
    }
}
