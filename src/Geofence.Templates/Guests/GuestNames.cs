using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Geofence.Templates;

/// <summary>
/// Which of a guest's names may be printed in a message. Names come from hotels and telecom feeds, so they may carry
/// anything: a name is cleaned of control and format characters (Unicode Cc and Cf, which include bidi overrides such as
/// U+202E that could make a link read backwards) with its whitespace folded, and is not used at all when it looks like a
/// link, an e-mail address or a phone number (a run of 3 or more digits), holds template or markup characters, or is
/// longer than <see cref="MaxLength"/>: a message must never carry someone else's link in our name.
/// </summary>
public static partial class GuestNames
{
    /// <summary>Longer names are not used.</summary>
    public const int MaxLength = 40;

    /// <summary>The languages that address people family name first.</summary>
    public static IReadOnlySet<string> FamilyNameFirst { get; } = new HashSet<string>(StringComparer.Ordinal) { "ko", "zh-Hans", "zh-Hant", "ja" };

    /// <summary><paramref name="name"/> cleaned, or empty when it is not usable.</summary>
    public static string Clean(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        var cleaned = new StringBuilder(name.Length);
        var pendingSpace = false;
        // By rune, so that a lone surrogate (which enumerates as U+FFFD) is dropped rather than breaking normalisation.
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                pendingSpace = cleaned.Length > 0;
                continue;
            }
            if (category is UnicodeCategory.Control or UnicodeCategory.Format || rune == Rune.ReplacementChar) continue;
            if (pendingSpace) cleaned.Append(' ');
            pendingSpace = false;
            cleaned.Append(rune.ToString());
        }
        var text = cleaned.ToString().Normalize(NormalizationForm.FormC);
        return IsUsable(text) ? text : "";
    }

    /// <summary>The name to greet <paramref name="guest"/> with in <paramref name="language"/>: see <see cref="Placeholders.GreetingName"/>.</summary>
    public static string Greeting(string language, Guest guest)
    {
        var first = Clean(guest.FirstName);
        var last = Clean(guest.LastName);
        if (FamilyNameFirst.Contains(language))
        {
            var full = $"{last} {first}".Trim();
            return full.Length <= MaxLength ? full : last.Length > 0 ? last : first;
        }
        return first.Length > 0 ? first : last;
    }

    private static bool IsUsable(string name) =>
        name.Length is > 0 and <= MaxLength
        && name.IndexOfAny(['{', '}', '[', ']', '<', '>', '@', '/', '\\']) < 0
        && !LooksLikeLink().IsMatch(name)
        && !DigitRun().IsMatch(name);

    // http(s), www. or a dotted domain such as evil.example; "J. R." and "Mary-Ann" are names, "St.John" is refused.
    [GeneratedRegex(@"https?|www\.|[\p{L}\p{N}-]\.[A-Za-z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeLink();

    [GeneratedRegex(@"\d{3,}")]
    private static partial Regex DigitRun();
}
