using Geofence.Contracts;

namespace Geofence.Templates;

/// <summary>The person a message speaks to, as far as known: names as given (may be empty) and language hints.</summary>
/// <param name="Nationality">ISO 3166-1 alpha-2 (alpha-3 is understood too).</param>
/// <param name="PhoneE164">The phone number, used only to guess a language from its country.</param>
public sealed record Guest(string FirstName, string LastName, string? Language = null, string? Nationality = null, string? PhoneE164 = null)
{
    public static Guest Unknown { get; } = new("", "");
}

/// <summary>The values placeholders stand for, apart from the guest's names (which depend on the language).</summary>
public sealed record LinkValues(AppInfo App, string InstallLink, string OptOutLink);

/// <summary>A template rendered for one person. Push: Title and Text. SMS: Text and Sms. Zalo: ZaloTemplateId and ZaloParams.</summary>
public sealed record RenderedTemplate(
    string Purpose,
    string Channel,
    string Language,
    int Version,
    string? Title,
    string? Text,
    SmsAnalysis? Sms,
    string? ZaloTemplateId,
    IReadOnlyDictionary<string, string>? ZaloParams);
