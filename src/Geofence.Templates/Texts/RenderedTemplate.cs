using Geofence.Contracts;

namespace Geofence.Templates;

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
