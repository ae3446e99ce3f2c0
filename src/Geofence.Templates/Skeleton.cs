using Geofence.Contracts;

namespace Geofence.Templates;

// SKELETON written by the integrator so that Admin and the Notifier can be built against it while this library is filled
// in. Signatures are the contract between helpers; change them only in agreement. Bodies marked TODO are to be replaced.

/// <summary>The placeholders a template may use.</summary>
public static class Placeholders
{
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string GreetingName = "greetingName";
    public const string AppName = "appName";
    public const string ProvinceName = "provinceName";
    public const string AndroidLink = "androidLink";
    public const string IosLink = "iosLink";
    public const string InstallLink = "installLink";
    public const string OptOutLink = "optOutLink";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
        { FirstName, LastName, GreetingName, AppName, ProvinceName, AndroidLink, IosLink, InstallLink, OptOutLink };
}

/// <summary>What is wrong with a template or a policy: the field (as the API names it) and a message for the person who saved it.</summary>
public sealed record TemplateProblem(string Field, string Message);

/// <summary>The person a message speaks to, as far as known: names as given (may be empty) and language hints.</summary>
public sealed record Guest(string FirstName, string LastName, string? Language = null, string? Nationality = null, string? PhoneE164 = null)
{
    public static Guest Unknown { get; } = new("", "");
}

/// <summary>The values placeholders stand for, apart from the guest's names (which depend on the language).</summary>
public sealed record LinkValues(AppInfo App, string InstallLink, string OptOutLink);

/// <summary>How an SMS text goes out: encoding, length in that encoding's characters, parts, and warnings for the editor.</summary>
public sealed record SmsAnalysis(string Encoding, int Characters, int Parts, IReadOnlyList<string> Warnings)
{
    public const string Gsm7 = "GSM-7";
    public const string Ucs2 = "UCS-2";
}

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

/// <summary>
/// The templates in force: the built-in ones with the department's saved versions over them. Immutable; a Notifier
/// swaps the whole set atomically when Admin publishes a change.
/// </summary>
public sealed class TemplateSet
{
    private readonly Dictionary<(string Purpose, string Channel, string Language), MessageTemplate> templates;

    private TemplateSet(long version, Dictionary<(string, string, string), MessageTemplate> templates)
    {
        Version = version;
        this.templates = templates;
    }

    /// <summary>The languages with built-in templates (vi, en, zh-Hans, zh-Hant, ko, ja, th, ru, fr, de, es, ms, id, km, lo).</summary>
    public static IReadOnlyList<string> Languages => BuiltInTemplates.Languages;

    public static TemplateSet BuiltIn { get; } = new(0, BuiltInTemplates.All.ToDictionary(t => (t.Purpose, t.Channel, t.Language)));

    /// <summary>The set version Admin published; 0 for the built-in set.</summary>
    public long Version { get; }

    /// <summary>The built-in templates with <paramref name="saved"/> over them.</summary>
    public static TemplateSet With(long version, IEnumerable<MessageTemplate> saved)
    {
        var all = BuiltInTemplates.All.ToDictionary(t => (t.Purpose, t.Channel, t.Language));
        foreach (var t in saved) all[(t.Purpose, t.Channel, t.Language)] = t;
        return new TemplateSet(version, all);
    }

    /// <summary>Every template in force (built-in or saved).</summary>
    public IEnumerable<MessageTemplate> All => templates.Values;

    /// <summary>
    /// The template for a purpose, channel and language: the purpose's own, else the arrival one; the language must be
    /// one <see cref="LanguageChoice.Choose"/> returned.
    /// </summary>
    public MessageTemplate Resolve(string purpose, string channel, string language) =>
        templates.GetValueOrDefault((purpose, channel, language))
        ?? templates.GetValueOrDefault((TemplatePurposes.Arrival, channel, language))
        ?? templates[(TemplatePurposes.Arrival, channel, LanguageChoice.Fallback)];

    /// <summary>Renders <paramref name="template"/> for <paramref name="guest"/> in <paramref name="provinceCode"/>.</summary>
    public static RenderedTemplate Render(MessageTemplate template, Guest guest, string provinceCode, LinkValues links) =>
        TemplateRenderer.Render(template, guest, provinceCode, links);
}
