namespace Geofence.Notifier.Messages;

/// <summary>Which language a person reads: the one they gave if we have a template for it, else their nationality's, else English.</summary>
public static class Languages
{
    public const string Fallback = "en";

    private static readonly Dictionary<string, string> ByNationality = new(StringComparer.Ordinal)
    {
        ["VN"] = "vi",
        ["KR"] = "ko", ["KP"] = "ko",
        ["CN"] = "zh", ["TW"] = "zh", ["HK"] = "zh", ["MO"] = "zh",
        ["JP"] = "ja",
        ["RU"] = "ru", ["BY"] = "ru", ["KZ"] = "ru", ["KG"] = "ru",
        ["FR"] = "fr", ["BE"] = "fr", ["LU"] = "fr", ["MC"] = "fr", ["SN"] = "fr", ["CI"] = "fr", ["CM"] = "fr",
        ["US"] = "en", ["GB"] = "en", ["AU"] = "en", ["NZ"] = "en", ["CA"] = "en", ["IE"] = "en", ["SG"] = "en",
        ["IN"] = "en", ["PH"] = "en", ["MY"] = "en",
    };

    public static string Choose(string? language, string? nationality, IReadOnlySet<string> available)
    {
        if (!string.IsNullOrWhiteSpace(language))
        {
            var primary = language.Split('-', '_')[0].ToLowerInvariant();
            if (available.Contains(primary)) return primary;
        }
        if (nationality is not null && ByNationality.TryGetValue(nationality, out var spoken) && available.Contains(spoken))
            return spoken;
        return Fallback;
    }
}
