namespace Geofence.Templates.Tests;

/// <summary>What of a hotel-supplied name may reach a message: cleaned, refused when it could carry a link or a number, cut when long.</summary>
public sealed class GuestNamesTests
{
    [Theory]
    [InlineData("Anna", "Anna")]
    [InlineData("An\u0007na\u0000", "Anna")] // control characters
    [InlineData("\u202EAnna\u202C", "Anna")] // a bidi override and its pop
    [InlineData("An\u200Bna\u200D", "Anna")] // zero-width space and joiner
    [InlineData("  Anna \t\r\n  Maria\u2028 ", "Anna Maria")] // whitespace folded, line separators too
    [InlineData("Anna\uD800", "Anna")] // a lone surrogate
    [InlineData("Nguye\u0302\u0303n", "Nguyễn")] // composed (NFC)
    [InlineData("J. R.", "J. R.")]
    [InlineData("Mary-Ann O'Neil", "Mary-Ann O'Neil")]
    [InlineData("Louis 14", "Louis 14")] // two digits are not a phone number
    public void A_name_is_cleaned_of_control_and_format_characters_with_its_whitespace_folded(string name, string cleaned) =>
        Assert.Equal(cleaned, GuestNames.Clean(name));

    [Theory]
    [InlineData("Visit http://evil.example/pay now")]
    [InlineData("evil.example")]
    [InlineData("www.pay-here")]
    [InlineData("https")]
    [InlineData("ｅｖｉｌ．ｅｘａｍｐｌｅ")] // full-width letters read as a domain
    [InlineData("anna@evil.example")]
    [InlineData("Call 0901234567")]
    [InlineData("Call 09012")]
    [InlineData("Call ０９０１２")] // full-width digits
    [InlineData("Call ٠٩٠١٢")] // Arabic-Indic digits
    [InlineData("<script>alert(1)</script>")]
    [InlineData("{optOutLink}")]
    [InlineData("[Anna]")]
    [InlineData("\u202Eelpmaxe.live")] // a domain once the override is gone
    [InlineData("\u0007\u202E \u200B")] // nothing left
    public void A_name_that_could_carry_a_link_an_address_a_number_or_markup_is_not_used(string name) =>
        Assert.Equal("", GuestNames.Clean(name));

    [Fact]
    public void A_refused_name_leaves_the_greeting_out_even_when_the_other_name_is_usable()
    {
        Assert.Equal("", GuestNames.Greeting("en", new Guest("Visit http://evil.example/pay now", "Smith")));
        Assert.Equal("", GuestNames.Greeting("ko", new Guest("Min-jun", "call 0901234567")));
        Assert.Equal("Smith", GuestNames.Greeting("en", new Guest(" ", "Smith"))); // an absent first name is no refusal
    }

    [Theory]
    [InlineData("Maria Fernanda de los Angeles Garcia", "Maria Fernanda de los Angeles")] // whole words when the cut leaves enough
    [InlineData("Wolfeschlegelsteinhausenbergerdorff", "Wolfeschlegelsteinhausenberger")] // one long word: cut at a grapheme
    [InlineData("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai")]
    public void An_over_long_name_is_cut_in_the_message_to_the_maximum_length(string name, string inMessage)
    {
        var cut = GuestNames.ForMessage(name);

        Assert.Equal(inMessage, cut);
        Assert.True(cut.Length <= GuestNames.MaxLength);
        Assert.Equal(name, GuestNames.Clean(name)); // cleaning keeps it whole: only a message cuts it
    }

    [Fact]
    public void A_cut_never_splits_a_grapheme()
    {
        var family = "👨‍👩‍👧"; // one grapheme of 8 UTF-16 characters, joined by zero-width joiners
        var name = new string('A', GuestNames.MaxLength - 2) + "e\u0301\u0301\u0301";

        var cut = GuestNames.Cut(name);

        Assert.Equal(new string('A', GuestNames.MaxLength - 2), cut);
        Assert.Equal(family, GuestNames.Cut(family, 8));
        Assert.Equal("", GuestNames.Cut(family, 7));
    }

    [Fact]
    public void A_family_name_first_greeting_too_long_together_uses_the_family_name_alone()
    {
        var guest = new Guest("Maria Fernanda de los", "Angeles Garcia");

        Assert.Equal("Angeles Garcia", GuestNames.Greeting("ja", guest));
        Assert.Equal("Maria Fernanda de los", GuestNames.Greeting("en", guest));
    }

    [Fact]
    public void A_refused_name_keeps_every_name_placeholder_empty()
    {
        var values = TemplateRenderer.ValuesFor("en", new Guest("Anna", "pay at evil.example"), "22",
            new LinkValues(PolicyRules.Default.App, "https://l.example/i", "https://l.example/o"));

        Assert.Equal(("", "", ""), (values[Placeholders.FirstName], values[Placeholders.LastName], values[Placeholders.GreetingName]));
    }

    [Fact]
    public void Markup_in_a_name_never_reaches_any_channel_of_a_rendered_message()
    {
        var guest = new Guest("<script>alert(1)</script>", "\u202EKim");

        foreach (var template in BuiltInTemplates.All.Where(t => t.Language == "en"))
        {
            var rendered = TemplateRenderer.Render(template, guest, "22", new LinkValues(PolicyRules.Default.App, "https://l.example/i", "https://l.example/o"));
            var all = string.Join("\n", [rendered.Title, rendered.Text, .. rendered.ZaloParams?.Values ?? []]);
            Assert.DoesNotContain("script", all, StringComparison.Ordinal);
            Assert.DoesNotContain('\u202E', all);
        }
    }
}
