using System.Globalization;
using Geofence.Fences;

namespace Geofence.Templates.Tests;

/// <summary>The table of province names in script covers the 34 units in every script language.</summary>
public class ProvinceNamesTests
{
    [Fact]
    public void Every_one_of_the_34_units_has_all_eight_names_and_none_is_in_Latin_letters()
    {
        var codes = ProvinceCatalogue.BuiltIn.Provinces34.Keys.ToArray();

        Assert.Equal(34, codes.Length);
        Assert.Equal(34 * 8, ProvinceNames.Scripted.Count);
        foreach (var code in codes)
        {
            foreach (var language in ProvinceNames.ScriptLanguages)
            {
                Assert.True(ProvinceNames.Scripted.TryGetValue((language, code), out var name), $"{code} has no {language} name");
                Assert.False(name.Any(IsLatinLetter), $"{code} in {language} is '{name}', in Latin letters");
                Assert.Equal(name, ProvinceNames.For(language, code));
            }
        }
    }

    [Fact]
    public void Vietnamese_gets_the_name_with_diacritics_and_other_Latin_languages_the_plain_one()
    {
        Assert.Equal("Quảng Ninh", ProvinceNames.For("vi", "22"));
        Assert.Equal("Quang Ninh", ProvinceNames.For("en", "22"));
        Assert.Equal("Quang Ninh", ProvinceNames.For("fr", "22"));
    }

    [Fact]
    public void An_unknown_code_is_returned_as_it_is()
    {
        Assert.Equal("99", ProvinceNames.For("ko", "99"));
    }

    private static bool IsLatinLetter(char c) =>
        char.IsLetter(c) && c < '\u0250' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter;
}
