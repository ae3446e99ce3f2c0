using Geofence.Contracts;

namespace Geofence.Templates;

/// <summary>Fills a template for one person (placeholder syntax in <see cref="Placeholders"/>).</summary>
public static class TemplateRenderer
{
    /// <summary>
    /// Renders <paramref name="template"/> for <paramref name="guest"/> in <paramref name="provinceCode"/>: title, text and
    /// Zalo parameters filled, the greeting's optional part left out when no usable name is known, the province named in
    /// the template language's script. An SMS is folded for GSM-7 unless the template keeps its diacritics
    /// (<see cref="SmsEncoding.FoldForSms"/>) and analysed. An unknown placeholder renders empty (saved templates are
    /// validated; the built-in ones are tested).
    /// </summary>
    public static RenderedTemplate Render(MessageTemplate template, Guest guest, string provinceCode, LinkValues links)
    {
        var values = ValuesFor(template.Language, guest, provinceCode, links);
        string? Fill(string? text) => text is null ? null : TemplateSyntax.Fill(text, name => values.GetValueOrDefault(name, ""));

        var text = Fill(template.Text);
        SmsAnalysis? sms = null;
        if (template.Channel == Channels.Sms && text is not null)
        {
            if (!template.KeepDiacritics) text = SmsEncoding.FoldForSms(text, template.Language);
            sms = SmsEncoding.Analyse(text);
        }
        return new RenderedTemplate(
            template.Purpose,
            template.Channel,
            template.Language,
            template.Version,
            Fill(template.Title),
            text,
            sms,
            template.ZaloTemplateId,
            template.ZaloParams?.ToDictionary(p => p.Key, p => Fill(p.Value)!, StringComparer.Ordinal));
    }

    /// <summary>What each placeholder stands for in a message in <paramref name="language"/>.</summary>
    /// <remarks>Names only through <see cref="GuestNames"/>: cleaned, cut, and none at all when one was refused.</remarks>
    public static IReadOnlyDictionary<string, string> ValuesFor(string language, Guest guest, string provinceCode, LinkValues links)
    {
        var named = !GuestNames.HasRefusedName(guest);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Placeholders.FirstName] = named ? GuestNames.ForMessage(guest.FirstName) : "",
            [Placeholders.LastName] = named ? GuestNames.ForMessage(guest.LastName) : "",
            [Placeholders.GreetingName] = GuestNames.Greeting(language, guest),
            [Placeholders.AppName] = links.App.Name,
            [Placeholders.ProvinceName] = ProvinceNames.For(language, provinceCode),
            [Placeholders.AndroidLink] = links.App.AndroidUrl,
            [Placeholders.IosLink] = links.App.IosUrl,
            [Placeholders.InstallLink] = links.InstallLink,
            [Placeholders.OptOutLink] = links.OptOutLink,
        };
    }
}
