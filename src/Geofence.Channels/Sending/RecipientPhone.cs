using System.Text.RegularExpressions;

namespace Geofence.Channels.Sending;

/// <summary>The number formats the Vietnamese providers expect, from the E.164 form the Notifier sends.</summary>
internal static partial class RecipientPhone
{
    public static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    /// <summary>+84912345678 → 0912345678 (eSMS).</summary>
    public static bool TryVietnameseNational(string? e164, out string national)
    {
        national = IsVietnamese(e164) ? "0" + e164![3..] : "";
        return national.Length > 0;
    }

    /// <summary>+84912345678 → 84912345678 (Zalo).</summary>
    public static bool TryVietnameseInternational(string? e164, out string international)
    {
        international = IsVietnamese(e164) ? e164![1..] : "";
        return international.Length > 0;
    }

    private static bool IsVietnamese(string? e164) => IsE164(e164) && e164!.StartsWith("+84", StringComparison.Ordinal);

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();
}
