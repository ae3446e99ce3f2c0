using System.Globalization;
using Geofence.Templates;

namespace Geofence.Notifier.Sending;

/// <summary>Who the message speaks to: names as the hotel gave them (may be empty), and what language hints we have.</summary>
public sealed record Addressee(string FirstName, string LastName, string? Language, string? Nationality)
{
    public static Addressee Unknown { get; } = new("", "", null, null);

    /// <summary>
    /// The same person with every part of every name cut to its first letter and "***" (Minh Khoa → M*** K***): the
    /// report shows what was sent without naming the guest. The names are masked as a message may use them
    /// (<see cref="GuestNames.Clean"/>, whole): names a message leaves out are left out of the report too, and no control
    /// or bidi character reaches the report.
    /// </summary>
    public Addressee Masked() => GuestNames.HasRefusedName(new Guest(FirstName, LastName))
        ? this with { FirstName = "", LastName = "" }
        : this with { FirstName = Mask(GuestNames.Clean(FirstName)), LastName = Mask(GuestNames.Clean(LastName)) };

    private static string Mask(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(part => $"{part[..StringInfo.GetNextTextElementLength(part)]}***"));
}
