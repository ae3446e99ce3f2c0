using System.Text.Json;
using Geofence.Contracts;
using Geofence.ServiceDefaults.Problems;
using Geofence.Templates;

namespace Geofence.Notifier.Campaigns;

/// <summary>
/// A campaign's own texts, per channel and language, used instead of the <c>campaign</c> templates in force:
/// <c>{"sms":{"vi":"… {optOutLink}"},"push":{"vi":{"title":"…","text":"…"}},"zalo":{"vi":{"templateId":"…","params":{"p":"…"}}}}</c>
/// (an SMS may also be <c>{"text":"…","keepDiacritics":true}</c>). Each is checked by the template rules (placeholders,
/// length, the opt-out link); a problem names its place, <c>texts.sms.vi</c> or <c>texts.push.vi.title</c>. A language the
/// campaign has no text for is rendered from the templates in force. Stored as the templates' JSON.
/// </summary>
public static class CampaignTexts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One channel's text in one language, as a campaign's <c>texts</c> take it and show it.</summary>
    public sealed record Body(string? Title, string? Text, bool? KeepDiacritics, string? TemplateId, IReadOnlyDictionary<string, string>? Params);

    /// <summary>Checks <paramref name="texts"/>, adding problems to <paramref name="errors"/>; returns what to store (null when none given or invalid).</summary>
    public static string? Validate(JsonElement? texts, FieldErrors errors)
    {
        if (texts is not { } root || root.ValueKind == JsonValueKind.Null) return null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("texts", "must be an object: channel → language → text.");
            return null;
        }
        var templates = new List<MessageTemplate>();
        var valid = true;
        foreach (var channel in root.EnumerateObject())
        {
            var at = $"texts.{channel.Name}";
            if (!TemplateRules.Channels.Contains(channel.Name))
            {
                errors.Add(at, $"unknown channel; one of {string.Join(", ", TemplateRules.Channels)}.");
                valid = false;
                continue;
            }
            if (channel.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, "must be an object: language → text.");
                valid = false;
                continue;
            }
            foreach (var language in channel.Value.EnumerateObject())
            {
                var place = $"{at}.{language.Name}";
                if (!TemplateSet.Languages.Contains(language.Name))
                {
                    errors.Add(place, $"unknown language; one of {string.Join(", ", TemplateSet.Languages)}.");
                    valid = false;
                    continue;
                }
                if (Read(channel.Name, language.Name, language.Value) is not { } template)
                {
                    errors.Add(place, channel.Name == Channels.Sms
                        ? "must be the SMS text, or {\"text\",\"keepDiacritics\"}."
                        : channel.Name == Channels.Push ? "must be {\"title\",\"text\"}." : "must be {\"templateId\",\"params\"}.");
                    valid = false;
                    continue;
                }
                foreach (var problem in TemplateRules.ValidateAll(template))
                {
                    // An SMS given as a string is its text: its problems are the language's.
                    var field = channel.Name == Channels.Sms && problem.Field == "text" ? place : $"{place}.{problem.Field}";
                    errors.Add(field, problem.Message);
                    valid = false;
                }
                templates.Add(template);
            }
        }
        return valid && templates.Count > 0 ? JsonSerializer.Serialize(templates, Json) : null;
    }

    /// <summary>The stored texts by (channel, language); empty when the campaign has none.</summary>
    public static IReadOnlyDictionary<(string Channel, string Language), MessageTemplate> Parse(string? stored) =>
        stored is null
            ? new Dictionary<(string, string), MessageTemplate>()
            : (JsonSerializer.Deserialize<MessageTemplate[]>(stored, Json) ?? []).ToDictionary(t => (t.Channel, t.Language));

    /// <summary>The stored texts in the shape they were given (channel → language → text), so that they can be posted again; null when none.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, Body>>? View(string? stored) =>
        Parse(stored) is { Count: > 0 } texts
            ? texts.Values.GroupBy(t => t.Channel).ToDictionary(g => g.Key, g => g.ToDictionary(t => t.Language,
                t => t.Channel == Channels.Sms ? new Body(null, t.Text, t.KeepDiacritics, null, null)
                    : t.Channel == Channels.Push ? new Body(t.Title, t.Text, null, null, null)
                    : new Body(null, null, null, t.ZaloTemplateId, t.ZaloParams)))
            : null;

    private static MessageTemplate? Read(string channel, string language, JsonElement value)
    {
        if (channel == Channels.Sms && value.ValueKind == JsonValueKind.String)
            return new MessageTemplate(TemplatePurposes.Campaign, channel, language, 0, null, value.GetString());
        if (value.ValueKind != JsonValueKind.Object) return null;
        Body? body;
        try
        {
            body = value.Deserialize<Body>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
        return body is null ? null : new MessageTemplate(TemplatePurposes.Campaign, channel, language, 0, body.Title, body.Text,
            body.KeepDiacritics ?? false, body.TemplateId, body.Params);
    }
}
