using FsCheck;
using FsCheck.Fluent;
using Geofence.Contracts;

namespace Geofence.Templates.Tests;

/// <summary>Properties over any text and any name: part counts only grow with length, and no placeholder survives rendering.</summary>
public class TemplatePropertyTests
{
    // Plain GSM-7, extension characters, Vietnamese, CJK and an astral emoji: every path of the part counting.
    private static readonly char[] Alphabet = ['a', 'Z', ' ', '€', '{', '[', '|', 'ệ', 'đ', '广', 'ク', '\uD83D', '\uDE00', '\n'];

    [Fact]
    public void Appending_a_character_never_lowers_the_number_of_parts_in_the_same_encoding()
    {
        var texts = Gen.ArrayOf(Gen.Elements(Alphabet)).Select(chars => new string(chars));

        Prop.ForAll(texts.ToArbitrary(), Gen.Elements(Alphabet).ToArbitrary(), (text, next) =>
        {
            var before = SmsEncoding.Analyse(text);
            var after = SmsEncoding.Analyse(text + next);
            var (single, perPart) = before.Encoding == SmsAnalysis.Gsm7 ? (160, 153) : (70, 67);
            // A GSM-7 "{" is two septets but one UCS-2 unit: only counts in one encoding compare.
            var consistent = (before.Characters <= single) == (before.Parts == 1)
                && (before.Parts == 1 || before.Parts >= (before.Characters + perPart - 1) / perPart);
            return consistent && (before.Encoding != after.Encoding || (after.Characters > before.Characters && after.Parts >= before.Parts));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void No_rendered_built_in_text_contains_a_brace_whatever_the_names()
    {
        var names = Gen.OneOf(
            Gen.Elements("", "Anna", "{optOutLink}", "evil.example", "http://x.y", "\u202Egnp.exe", "[x]", "민준", "0912345678", "a}b{c"),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));
        var cases =
            from template in Gen.Elements(BuiltInTemplates.All.ToArray())
            from first in names
            from last in names
            from province in Gen.Elements(Fences.ProvinceCatalogue.BuiltIn.Provinces34.Keys.Append("00").ToArray())
            select (template, first, last, province);
        var links = new LinkValues(PolicyRules.Default.App, "https://gf.example/i/a", "https://gf.example/o/b");

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rendered = TemplateRenderer.Render(c.template, new Guest(c.first, c.last), c.province, links);
            var texts = new[] { rendered.Title, rendered.Text }.Concat(rendered.ZaloParams?.Values ?? []).OfType<string>();
            return texts.All(t => !t.Contains('{') && !t.Contains('}') && !t.Contains('\u202E'))
                && (rendered.Channel != Channels.Sms || rendered.Text!.Contains(links.OptOutLink, StringComparison.Ordinal));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
