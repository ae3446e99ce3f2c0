using System.Globalization;

namespace Geofence.Notifier.Sending;

/// <summary>Who the message speaks to: names as the hotel gave them (may be empty), and what language hints we have.</summary>
public sealed record Addressee(string FirstName, string LastName, string? Language, string? Nationality)
{
    public static Addressee Unknown { get; } = new("", "", null, null);

    /// <summary>
    /// The same person with every part of every name cut to its first letter and "***" (Minh Khoa → M*** K***): the
    /// report shows what was sent without naming the guest.
    /// </summary>
    public Addressee Masked() => this with { FirstName = Mask(FirstName), LastName = Mask(LastName) };

    /// <summary>Korean, Chinese and Japanese readers are addressed family name first; others by given name.</summary>
    public string GreetingName(string language) => language is "ko" or "ja" || language.StartsWith("zh", StringComparison.Ordinal)
        ? $"{LastName} {FirstName}".Trim()
        : FirstName.Length > 0 ? FirstName : LastName;

    private static string Mask(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(part => $"{part[..StringInfo.GetNextTextElementLength(part)]}***"));
}
