namespace Geofence.Templates;

/// <summary>The person a message speaks to, as far as known: names as given (may be empty) and language hints.</summary>
/// <param name="Nationality">ISO 3166-1 alpha-2 (alpha-3 is understood too).</param>
/// <param name="PhoneE164">The phone number, used only to guess a language from its country.</param>
public sealed record Guest(string FirstName, string LastName, string? Language = null, string? Nationality = null, string? PhoneE164 = null)
{
    public static Guest Unknown { get; } = new("", "");
}
