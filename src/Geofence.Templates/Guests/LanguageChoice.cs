using System.Collections.Frozen;
using System.Globalization;
using PhoneNumbers;

namespace Geofence.Templates;

/// <summary>
/// Which language a person reads: the one they gave if there is a template for it (with fallbacks: zh-TW → zh-Hant,
/// de-AT → de, pt-BR → en, …), else their nationality's, else their phone number's country's, else English.
/// </summary>
public static class LanguageChoice
{
    public const string Fallback = "en";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    // Codes hotel and telecom systems write instead of the BCP 47 one: ISO 639-2/3 codes, the old "in", country codes.
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["in"] = "id", ["ind"] = "id", ["vie"] = "vi", ["vn"] = "vi", ["eng"] = "en", ["zho"] = "zh", ["chi"] = "zh", ["cmn"] = "zh-hans",
        ["yue"] = "zh-hant", ["kor"] = "ko", ["kr"] = "ko", ["jpn"] = "ja", ["jp"] = "ja", ["tha"] = "th", ["rus"] = "ru",
        ["fra"] = "fr", ["fre"] = "fr", ["deu"] = "de", ["ger"] = "de", ["spa"] = "es", ["msa"] = "ms", ["may"] = "ms",
        ["zsm"] = "ms", ["khm"] = "km", ["lao"] = "lo",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> ByCountry = BuildByCountry();

    // Passports and hotel systems write ISO 3166-1 alpha-3; the countries of the table above are enough.
    private static readonly FrozenDictionary<string, string> Alpha3 = new Dictionary<string, string>
    {
        ["VNM"] = "VN", ["CHN"] = "CN", ["TWN"] = "TW", ["HKG"] = "HK", ["MAC"] = "MO", ["KOR"] = "KR", ["PRK"] = "KP", ["JPN"] = "JP",
        ["THA"] = "TH", ["RUS"] = "RU", ["BLR"] = "BY", ["KAZ"] = "KZ", ["KGZ"] = "KG", ["UZB"] = "UZ", ["TJK"] = "TJ",
        ["FRA"] = "FR", ["BEL"] = "BE", ["LUX"] = "LU", ["MCO"] = "MC", ["SEN"] = "SN", ["CIV"] = "CI", ["CMR"] = "CM",
        ["DEU"] = "DE", ["AUT"] = "AT", ["LIE"] = "LI", ["CHE"] = "CH", ["ESP"] = "ES", ["MEX"] = "MX", ["ARG"] = "AR",
        ["COL"] = "CO", ["PER"] = "PE", ["CHL"] = "CL", ["VEN"] = "VE", ["ECU"] = "EC", ["URY"] = "UY", ["MYS"] = "MY",
        ["BRN"] = "BN", ["IDN"] = "ID", ["KHM"] = "KH", ["LAO"] = "LA", ["SGP"] = "SG", ["USA"] = "US", ["GBR"] = "GB",
        ["AUS"] = "AU", ["NZL"] = "NZ", ["CAN"] = "CA", ["IRL"] = "IE", ["IND"] = "IN", ["PHL"] = "PH",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The language to write to a person in, one of <paramref name="available"/> (compared case-insensitively, returned as
    /// spelt there). <paramref name="language"/> is a BCP 47 tag (zh-TW, pt_BR and ISO 639-2 codes are understood): exact,
    /// else Chinese by script or region (zh, zh-CN, zh-SG, zh-Hans-* → zh-Hans; zh-TW, zh-HK, zh-MO, zh-Hant-* → zh-Hant),
    /// else its primary subtag (de-AT → de), else, for a real language we have no text in (pt-BR, it, nl), English: the
    /// person said what they read, and English is likelier read than the language of their passport.
    /// Without a usable language, <paramref name="nationality"/> (ISO 3166-1 alpha-2 or alpha-3) decides; a known
    /// nationality whose language we lack gets English rather than a guess from the phone, since a visitor with a local
    /// SIM is not Vietnamese. Only then the country of <paramref name="phoneE164"/> (+84 → vi); else English.
    /// </summary>
    public static string Choose(string? language, string? nationality, string? phoneE164, IReadOnlyCollection<string> available)
    {
        var byLower = available.GroupBy(a => a.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First());
        string? Pick(string? candidate) => candidate is not null && byLower.TryGetValue(candidate.ToLowerInvariant(), out var found) ? found : null;
        var english = Pick(Fallback) ?? available.FirstOrDefault() ?? Fallback;

        if (!string.IsNullOrWhiteSpace(language))
        {
            var tag = language.Trim().Replace('_', '-').ToLowerInvariant();
            var subtags = tag.Split('-', StringSplitOptions.RemoveEmptyEntries);
            var primary = subtags.Length > 0 ? subtags[0] : "";
            if (Aliases.TryGetValue(primary, out var alias))
            {
                tag = string.Join('-', [alias, .. subtags.Skip(1)]);
                subtags = tag.Split('-');
                primary = subtags[0];
            }
            var chosen = Pick(tag) ?? (primary == "zh" ? Pick(Chinese(subtags)) : null) ?? Pick(primary);
            if (chosen is not null) return chosen;
            if (IsKnownLanguage(primary)) return english;
        }

        var country = nationality?.Trim().ToUpperInvariant();
        if (country is { Length: 3 }) country = Alpha3.GetValueOrDefault(country);
        if (country is { Length: 2 } && (ByCountry.ContainsKey(country) || IsKnownCountry(country)))
        {
            return Pick(ByCountry.GetValueOrDefault(country)) ?? english;
        }

        if (CountryOf(phoneE164) is { } phoneCountry && ByCountry.TryGetValue(phoneCountry, out var spoken))
        {
            return Pick(spoken) ?? english;
        }
        return english;
    }

    /// <summary>The language most people of <paramref name="countryAlpha2"/> read among ours, if any.</summary>
    public static string? ForCountry(string countryAlpha2) => ByCountry.GetValueOrDefault(countryAlpha2.ToUpperInvariant());

    private static string Chinese(string[] subtags)
    {
        var rest = subtags.Skip(1).ToArray();
        if (rest.Contains("hant") || rest.Any(s => s is "tw" or "hk" or "mo")) return "zh-Hant";
        return "zh-Hans";
    }

    private static string? CountryOf(string? phoneE164)
    {
        if (string.IsNullOrWhiteSpace(phoneE164)) return null;
        try
        {
            var region = Phones.GetRegionCodeForNumber(Phones.Parse(phoneE164, null));
            return region is null or "ZZ" ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static bool IsKnownLanguage(string primary)
    {
        if (primary.Length is < 2 or > 3 || !primary.All(char.IsAsciiLetterLower)) return false;
        try
        {
            var culture = CultureInfo.GetCultureInfo(primary, predefinedOnly: true);
            return culture.ThreeLetterISOLanguageName.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static bool IsKnownCountry(string alpha2)
    {
        if (!alpha2.All(char.IsAsciiLetterUpper)) return false;
        try
        {
            return new RegionInfo(alpha2).TwoLetterISORegionName == alpha2;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static FrozenDictionary<string, string> BuildByCountry()
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string language, params string[] countries)
        {
            foreach (var country in countries) table[country] = language;
        }
        Add("vi", "VN");
        Add("zh-Hans", "CN");
        Add("zh-Hant", "TW", "HK", "MO");
        Add("ko", "KR", "KP");
        Add("ja", "JP");
        Add("th", "TH");
        Add("ru", "RU", "BY", "KZ", "KG", "UZ", "TJ");
        Add("fr", "FR", "BE", "LU", "MC", "SN", "CI", "CM", "ML", "BF", "NE", "TG", "BJ", "GA", "CG", "CD", "MG");
        Add("de", "DE", "AT", "LI", "CH");
        Add("es", "ES", "MX", "AR", "CO", "PE", "CL", "VE", "EC", "BO", "PY", "UY", "CR", "PA", "GT", "HN", "SV", "NI", "DO", "CU");
        Add("ms", "MY", "BN");
        Add("id", "ID");
        Add("km", "KH");
        Add("lo", "LA");
        Add("en", "SG", "US", "GB", "AU", "NZ", "CA", "IE", "IN", "PH", "ZA");
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
