using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Geofence.Templates;

/// <summary>How an SMS text goes out: encoding, length in that encoding's characters, parts, and warnings for the editor.</summary>
/// <param name="Characters">GSM-7: septets (an extension character counts two); UCS-2: UTF-16 code units.</param>
/// <param name="Parts">How many SMS the text takes, each charged.</param>
public sealed record SmsAnalysis(string Encoding, int Characters, int Parts, IReadOnlyList<string> Warnings)
{
    public const string Gsm7 = "GSM-7";
    public const string Ucs2 = "UCS-2";
}

/// <summary>
/// SMS encodings (see docs/CHANNELS.md): a text of GSM 03.38 characters goes as GSM-7, 160 septets in one SMS or 153 per
/// part when concatenated; anything else as UCS-2, 70 UTF-16 units or 67 per part.
/// </summary>
public static partial class SmsEncoding
{
    public const string MultiPartWarning = "Takes {0} SMS parts; each is charged.";
    public const string LinkWarning = "Contains a link: Vietnamese carriers may filter SMS with unregistered links; register the domain with the brandname.";
    public const string DiacriticsWarning = "Vietnamese diacritics make this UCS-2 (70 characters a part); turn off keepDiacritics to fold them.";

    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    // Sent as ESC + character: two septets each.
    private const string Gsm7Extension = "^{}\\[~]|€\f";

    private static readonly HashSet<char> VietnameseLetters = BuildVietnameseLetters();

    /// <summary>Whether every character of <paramref name="text"/> is in the GSM-7 default alphabet or its extension table.</summary>
    public static bool IsGsm7(string text) => text.All(IsGsm7);

    private static bool IsGsm7(char c) => Gsm7Basic.Contains(c) || Gsm7Extension.Contains(c);

    /// <summary>
    /// Removes the diacritics of Latin letters (Vietnamese tone and vowel marks: "Chào mừng" → "Chao mung") and turns
    /// đ/Đ into d/D. Nothing else changes: other scripts (whose combining marks, such as Japanese dakuten, are part of the
    /// letter) and punctuation are left as they are.
    /// </summary>
    public static string FoldVietnamese(string text) => Fold(text, _ => true);

    /// <summary>
    /// Folds a text in <paramref name="language"/> for SMS: Vietnamese loses every Latin diacritic (its readers expect
    /// plain letters, and half-folded Vietnamese reads oddly); other languages lose only the diacritics GSM-7 cannot carry
    /// (Spanish "á" → "a", French "é" stays), and only when that makes the whole text GSM-7, since otherwise it goes as
    /// UCS-2 anyway.
    /// </summary>
    public static string FoldForSms(string text, string language)
    {
        if (language == "vi") return FoldVietnamese(text);
        if (IsGsm7(text)) return text;
        var folded = Fold(text, c => !IsGsm7(c));
        return IsGsm7(folded) ? folded : text;
    }

    private static string Fold(string text, Func<char, bool> shouldFold)
    {
        var plain = new StringBuilder(text.Length);
        // Normalising throws on a lone surrogate; such a text is folded as it is (a surrogate is never a Latin letter).
        foreach (var c in IsWellFormed(text) ? text.Normalize(NormalizationForm.FormC) : text)
        {
            if (char.IsSurrogate(c))
            {
                plain.Append(c);
                continue;
            }
            if (c is 'đ' or 'Đ' && shouldFold(c))
            {
                plain.Append(c == 'đ' ? 'd' : 'D');
                continue;
            }
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var isMarkedLatin = decomposed.Length > 1 && char.IsAsciiLetter(decomposed[0]) && decomposed.Skip(1).All(m => m is >= '\u0300' and <= '\u036F');
            plain.Append(isMarkedLatin && shouldFold(c) ? decomposed[0] : c);
        }
        return plain.ToString();
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    /// <summary>The encoding, length, parts and warnings of <paramref name="text"/> as it would be sent.</summary>
    public static SmsAnalysis Analyse(string text)
    {
        string encoding;
        int characters, parts;
        if (IsGsm7(text))
        {
            var septets = text.Select(c => Gsm7Extension.Contains(c) ? 2 : 1).ToArray();
            (encoding, characters, parts) = (SmsAnalysis.Gsm7, septets.Sum(), CountParts(septets, 160, 153));
        }
        else
        {
            // A surrogate pair is two UTF-16 units that one part must carry whole, like a GSM-7 escape.
            var units = new List<int>(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                units.Add(pair ? 2 : 1);
                if (pair) i++;
            }
            (encoding, characters, parts) = (SmsAnalysis.Ucs2, units.Sum(), CountParts(units, 70, 67));
        }

        var warnings = new List<string>();
        if (parts > 1) warnings.Add(string.Format(CultureInfo.InvariantCulture, MultiPartWarning, parts));
        if (ContainsLink(text)) warnings.Add(LinkWarning);
        if (encoding == SmsAnalysis.Ucs2 && text.Any(VietnameseLetters.Contains) && IsGsm7(FoldVietnamese(text))) warnings.Add(DiacriticsWarning);
        return new SmsAnalysis(encoding, characters, parts, warnings);
    }

    /// <summary>Whether <paramref name="text"/> holds a URL or a bare domain, which carriers may filter.</summary>
    public static bool ContainsLink(string text) => Link().IsMatch(text);

    /// <summary>
    /// Parts of a message whose characters take <paramref name="sizes"/> units: one if all fit in <paramref name="single"/>,
    /// else as many <paramref name="perPart"/>-unit parts (the rest is the concatenation header) as it takes when each is
    /// filled without splitting a character: a GSM-7 extension character's escape and the character after it, like a
    /// surrogate pair, always travel in the same part, so a part may carry one unit less.
    /// </summary>
    private static int CountParts(IReadOnlyList<int> sizes, int single, int perPart)
    {
        var total = sizes.Sum();
        if (total <= single) return 1;
        var parts = 1;
        var used = 0;
        foreach (var size in sizes)
        {
            if (used + size > perPart)
            {
                parts++;
                used = 0;
            }
            used += size;
        }
        return parts;
    }

    private static HashSet<char> BuildVietnameseLetters()
    {
        // Every vowel with every tone, and đ; the ones GSM-7 has (à, é, …) do not force UCS-2 and are left out.
        var letters = new HashSet<char> { 'đ', 'Đ' };
        foreach (var vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
        {
            foreach (var tone in new[] { "", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323" })
            {
                var letter = (vowel + tone).Normalize(NormalizationForm.FormC);
                if (letter.Length == 1 && !IsGsm7(letter[0]) && !char.IsAscii(letter[0])) letters.Add(letter[0]);
            }
        }
        return letters;
    }

    [GeneratedRegex(@"https?://|www\.|\b[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
