using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Geofence.Templates;

/// <summary>
/// The one place that decides which of a guest's names may be printed in a message, for every channel (push, SMS, Zalo
/// parameters) and every sender (arrivals, reminders, campaigns). Names come from hotels, telecom feeds and audience
/// files, so they may carry anything. A name is cleaned of control and format characters (Unicode Cc and Cf, which
/// include bidi overrides such as U+202E that could make a link read backwards, and zero-width characters) with its
/// whitespace folded; it is not used at all when it looks like a link, an e-mail address or a phone number (a run of 3 or
/// more digits), or holds template or markup characters: a message must never carry someone else's link in our name.
/// A usable name longer than <see cref="MaxLength"/> is cut in the message, at a word boundary when one is near, never
/// inside a grapheme. What was stored is never changed: cleaning happens only when a message is rendered.
/// </summary>
public static partial class GuestNames
{
    /// <summary>
    /// The most UTF-16 characters a name takes in a message (30: "Nguyễn Thị Minh Khai" and most full names fit; a
    /// longer one is cut). Measured in UTF-16 units, as SMS parts are, so a grapheme of many combining marks cannot
    /// stretch it.
    /// </summary>
    public const int MaxLength = 30;

    /// <summary>The languages that address people family name first.</summary>
    public static IReadOnlySet<string> FamilyNameFirst { get; } = new HashSet<string>(StringComparer.Ordinal) { "ko", "zh-Hans", "zh-Hant", "ja" };

    /// <summary><paramref name="name"/> cleaned and whole (not cut), or empty when it is not usable in a message.</summary>
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

    /// <summary><paramref name="name"/> as a message prints it: cleaned (<see cref="Clean"/>) and cut to <see cref="MaxLength"/>.</summary>
    public static string ForMessage(string? name) => Cut(Clean(name));

    /// <summary>The name to greet <paramref name="guest"/> with in <paramref name="language"/>: see <see cref="Placeholders.GreetingName"/>.</summary>
    /// <remarks>
    /// A guest one of whose names was refused is not greeted at all, not even by the other name: the record is suspect,
    /// and "Hello Smith!" would tell the sender which part of their text got through.
    /// </remarks>
    public static string Greeting(string language, Guest guest)
    {
        var first = Clean(guest.FirstName);
        var last = Clean(guest.LastName);
        if (Refused(guest.FirstName, first) || Refused(guest.LastName, last)) return "";
        if (FamilyNameFirst.Contains(language))
        {
            var full = $"{last} {first}".Trim();
            return Cut(full.Length <= MaxLength ? full : last.Length > 0 ? last : first);
        }
        return Cut(first.Length > 0 ? first : last);
    }

    /// <summary>
    /// <paramref name="name"/> in at most <paramref name="maxLength"/> UTF-16 characters: whole graphemes only, and whole
    /// words when the cut would leave at least half of the allowed length.
    /// </summary>
    public static string Cut(string name, int maxLength = MaxLength)
    {
        if (name.Length <= maxLength) return name;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > maxLength) break;
            end = next;
        }
        var space = name.LastIndexOf(' ', end);
        if (name[end] != ' ' && space >= maxLength / 2) end = space;
        return name[..end].TrimEnd();
    }

    /// <summary>
    /// Whether one of <paramref name="guest"/>'s names was given but refused (<see cref="Clean"/>): then no name of theirs
    /// is printed, in any placeholder.
    /// </summary>
    public static bool HasRefusedName(Guest guest) =>
        Refused(guest.FirstName, Clean(guest.FirstName)) || Refused(guest.LastName, Clean(guest.LastName));

    private static bool Refused(string? given, string cleaned) => cleaned.Length == 0 && !string.IsNullOrWhiteSpace(given);

    private static bool IsUsable(string name)
    {
        if (name.Length == 0) return false;
        // Full-width and other compatibility forms ("ｅｖｉｌ．ｅｘａｍｐｌｅ", "１２３") are judged as what they read as.
        var plain = name.Normalize(NormalizationForm.FormKC);
        return plain.IndexOfAny(['{', '}', '[', ']', '<', '>', '@', '/', '\\']) < 0 && !LooksLikeLink().IsMatch(plain) && !DigitRun().IsMatch(plain);
    }

    // http(s), www. or a dotted domain such as evil.example; "J. R." and "Mary-Ann" are names, "St.John" is refused.
    [GeneratedRegex(@"https?|www\.|[\p{L}\p{N}-]\.[A-Za-z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeLink();

    // \d is every script's digits (Arabic-Indic, Devanagari, …), not only ASCII.
    [GeneratedRegex(@"\d{3,}")]
    private static partial Regex DigitRun();
}
