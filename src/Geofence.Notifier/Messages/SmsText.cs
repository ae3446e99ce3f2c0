using System.Globalization;
using System.Text;

namespace Geofence.Notifier.Messages;

/// <summary>
/// SMS encoding rules: GSM-7 fits 160 characters (153 per part when split), anything else is UCS-2 at 70 (67).
/// Vietnamese goes out without diacritics, as carriers expect, because one diacritic would force UCS-2.
/// </summary>
public static class SmsText
{
    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Extension = "^{}\\[~]|€\f";

    public static string WithoutDiacritics(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) plain.Append(c);
        }
        return plain.ToString().Normalize(NormalizationForm.FormC);
    }

    public static bool IsGsm7(string text) => text.All(c => Gsm7Basic.Contains(c) || Gsm7Extension.Contains(c));

    /// <summary>How many SMS the text takes, which is what a campaign costs.</summary>
    public static int CountParts(string text)
    {
        if (text.Length == 0) return 1;
        if (IsGsm7(text))
        {
            var septets = text.Sum(c => Gsm7Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0);
        }
        var units = text.Length; // UTF-16 code units are UCS-2 units; a surrogate pair takes two
        return units <= 70 ? 1 : (int)Math.Ceiling(units / 67.0);
    }
}
