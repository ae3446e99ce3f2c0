using Geofence.Contracts;

namespace Geofence.Templates;

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
