using Geofence.Contracts;

namespace Geofence.Templates;

/// <summary>What is wrong with a template or a policy: the field (as the API names it) and a message for the person who saved it.</summary>
public sealed record TemplateProblem(string Field, string Message);

/// <summary>
/// What a template may contain. Every text must parse (known placeholders, balanced braces and brackets); SMS texts and
/// Zalo parameters must carry <c>{optOutLink}</c>; and each channel's limits hold for the worst case rendering (names of
/// <see cref="WorstCaseNameLength"/> characters, links of <see cref="WorstCaseLinkLength"/>, an app name of
/// <see cref="PolicyRules.MaxAppNameLength"/>, the language's longest province name):
/// an SMS takes at most <see cref="MaxSmsParts"/> parts; a push title at most <see cref="MaxPushTitleLength"/> characters
/// and a push text <see cref="MaxPushTextLength"/> (what phones show without cutting); a Zalo ZNS parameter value at most
/// <see cref="MaxZaloParamLength"/> characters and a ZNS template id at most <see cref="MaxZaloTemplateIdLength"/>.
/// </summary>
public static class TemplateRules
{
    public const int MaxSmsParts = 6;
    public const int MaxPushTitleLength = 65;
    public const int MaxPushTextLength = 240;
    public const int MaxZaloParamLength = 100;
    public const int MaxZaloTemplateIdLength = 32;
    /// <summary>The longest a name is in a message (<see cref="GuestNames.MaxLength"/>): the bound the limits are checked at.</summary>
    public const int WorstCaseNameLength = GuestNames.MaxLength;
    public const int WorstCaseLinkLength = 40;

    /// <summary>The channels a template may be for.</summary>
    public static IReadOnlyList<string> Channels { get; } = [Contracts.Channels.Push, Contracts.Channels.Sms, Contracts.Channels.Zalo];

    /// <summary>The first problem of <paramref name="template"/>, or null when it may be saved.</summary>
    public static TemplateProblem? Validate(MessageTemplate template) => ValidateAll(template).FirstOrDefault();

    /// <summary>Every problem of <paramref name="template"/>, in the order the fields are checked.</summary>
    public static IReadOnlyList<TemplateProblem> ValidateAll(MessageTemplate template)
    {
        var problems = new List<TemplateProblem>();
        if (!Channels.Contains(template.Channel))
            problems.Add(new("channel", $"Unknown channel '{template.Channel}'; one of {string.Join(", ", Channels)}."));
        if (!TemplatePurposes.All.Contains(template.Purpose))
            problems.Add(new("purpose", $"Unknown purpose '{template.Purpose}'; one of {string.Join(", ", TemplatePurposes.All)}."));
        if (!BuiltInTemplates.Languages.Contains(template.Language))
            problems.Add(new("language", $"Unknown language '{template.Language}'; one of {string.Join(", ", BuiltInTemplates.Languages)}."));
        if (problems.Count > 0) return problems;

        switch (template.Channel)
        {
            case Contracts.Channels.Push:
                if (!string.IsNullOrEmpty(template.Title))
                {
                    AddSyntax(problems, "title", template.Title);
                    CheckLength(problems, "title", "push title", WorstCase(template, template.Title), MaxPushTitleLength);
                }
                if (RequireText(problems, template.Text) is { } pushText)
                {
                    AddSyntax(problems, "text", pushText);
                    CheckLength(problems, "text", "push text", WorstCase(template, pushText), MaxPushTextLength);
                }
                break;

            case Contracts.Channels.Sms:
                if (RequireText(problems, template.Text) is { } smsText)
                {
                    var parsed = AddSyntax(problems, "text", smsText);
                    RequireOptOut(problems, "text", "An SMS template", parsed);
                    var sms = WorstCaseSms(template);
                    if (sms is not null && sms.Parts > MaxSmsParts)
                    {
                        problems.Add(new("text", $"The SMS is too long: with names of {WorstCaseNameLength} characters and links of {WorstCaseLinkLength} it takes {sms.Parts} parts ({sms.Encoding}, {sms.Characters} characters); at most {MaxSmsParts} are allowed."));
                    }
                }
                break;

            case Contracts.Channels.Zalo:
                ValidateZalo(problems, template);
                break;
        }
        return problems;
    }

    /// <summary>
    /// <paramref name="template"/> rendered for the worst case this class assumes (a guest whose names are <see cref="WorstCaseNameLength"/> letters each,
    /// links of 40 characters, the longest province name of its language), to preview what an edit costs at most.
    /// </summary>
    public static RenderedTemplate RenderWorstCase(MessageTemplate template)
    {
        var name = new string('X', WorstCaseNameLength);
        var link = "https://" + new string('x', WorstCaseLinkLength - "https://".Length);
        var app = new AppInfo(new string('A', PolicyRules.MaxAppNameLength), LongerOf(link, PolicyRules.Default.App.AndroidUrl), LongerOf(link, PolicyRules.Default.App.IosUrl));
        return TemplateRenderer.Render(template, new Guest(name, name), LongestProvince(template.Language), new LinkValues(app, link, link));
    }

    private static SmsAnalysis? WorstCaseSms(MessageTemplate template) => RenderWorstCase(template).Sms;

    private static string WorstCase(MessageTemplate template, string text) =>
        RenderWorstCase(template with { Channel = Contracts.Channels.Push, Title = null, Text = text }).Text ?? "";

    private static string? RequireText(List<TemplateProblem> problems, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text)) return text;
        problems.Add(new("text", "The text is empty."));
        return null;
    }

    private static ParsedText AddSyntax(List<TemplateProblem> problems, string field, string text)
    {
        if (InvisibleControlIn(text) is { } at)
            problems.Add(new(field, $"Contains the invisible control character U+{(int)text[at]:X4} at position {at + 1}: it would reach the phone as it is; remove it."));
        var parsed = TemplateSyntax.Parse(text);
        problems.AddRange(parsed.Problems.Select(message => new TemplateProblem(field, message)));
        return parsed;
    }

    /// <summary>
    /// Where the first control character (but a line break or carriage return) or bidirectional embedding, override or isolate (U+202A–U+202E,
    /// U+2066–U+2069) is, if any: such text reads differently on the phone than in the editor. Other format characters
    /// stay allowed, because Khmer, Lao and Thai need zero-width spaces and emoji need joiners.
    /// </summary>
    private static int? InvisibleControlIn(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && c is not ('\n' or '\r')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return i;
        }
        return null;
    }

    private static void RequireOptOut(List<TemplateProblem> problems, string field, string what, params ParsedText[] texts)
    {
        var uses = texts.SelectMany(t => t.Placeholders()).Where(p => p.Name == Placeholders.OptOutLink).ToArray();
        if (uses.Length == 0)
            problems.Add(new(field, $"{what} must contain {{{Placeholders.OptOutLink}}}: every SMS and Zalo message carries the guest's one-tap opt-out link."));
        else if (uses.All(p => p.Optional))
            problems.Add(new(field, $"{what} must contain {{{Placeholders.OptOutLink}}} outside an optional [ … ] part, where it could be left out."));
    }

    private static void CheckLength(List<TemplateProblem> problems, string field, string what, string rendered, int max)
    {
        if (rendered.Length > max)
            problems.Add(new(field, $"The {what} is too long: with names of {WorstCaseNameLength} characters and links of {WorstCaseLinkLength} it is {rendered.Length} characters; at most {max} are allowed."));
    }

    private static void ValidateZalo(List<TemplateProblem> problems, MessageTemplate template)
    {
        if (template.ZaloTemplateId is { } id)
        {
            if (string.IsNullOrWhiteSpace(id))
                problems.Add(new("templateId", "The Zalo template id is empty; leave it out to use the Dispatcher's configured ZNS template."));
            else if (id.Length > MaxZaloTemplateIdLength || !id.All(char.IsAsciiLetterOrDigit))
                problems.Add(new("templateId", $"The Zalo template id must be at most {MaxZaloTemplateIdLength} letters or digits, as Zalo issued it."));
        }
        if (template.ZaloParams is not { Count: > 0 } parameters)
        {
            problems.Add(new("params", $"A Zalo template needs params (ZNS parameter name → text), and one of them must contain {{{Placeholders.OptOutLink}}}."));
            return;
        }
        var parsed = new List<ParsedText>();
        var worst = RenderWorstCase(template).ZaloParams ?? new Dictionary<string, string>();
        foreach (var (name, value) in parameters)
        {
            var field = $"params.{name}";
            if (name.Length is 0 or > 30 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                problems.Add(new(field, $"A ZNS parameter name is 1 to 30 letters, digits or underscores; '{name}' is not."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new(field, $"The value of {name} is empty."));
                continue;
            }
            parsed.Add(AddSyntax(problems, field, value));
            if (worst.GetValueOrDefault(name) is { Length: > MaxZaloParamLength } rendered)
                problems.Add(new(field, $"The value of {name} is too long: with names of {WorstCaseNameLength} characters and links of {WorstCaseLinkLength} it is {rendered.Length} characters; ZNS allows {MaxZaloParamLength}."));
        }
        RequireOptOut(problems, "params", "A Zalo template's params", [.. parsed]);
    }

    private static string LongerOf(string a, string b) => b.Length > a.Length ? b : a;

    private static string LongestProvince(string language) =>
        Fences.ProvinceCatalogue.BuiltIn.Provinces34.Keys.MaxBy(code => ProvinceNames.For(language, code).Length) ?? "79";
}
