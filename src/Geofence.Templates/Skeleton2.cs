using System.Globalization;
using System.Text;
using Geofence.Contracts;
using Geofence.Fences;

namespace Geofence.Templates;

// SKELETON (see Skeleton.cs): quick first bodies, to be replaced by the library's real ones.

/// <summary>The built-in texts. TODO(H1): all 15 languages, push/sms/zalo, arrival and reminder, written carefully.</summary>
public static class BuiltInTemplates
{
    public static IReadOnlyList<string> Languages { get; } =
        ["vi", "en", "zh-Hans", "zh-Hant", "ko", "ja", "th", "ru", "fr", "de", "es", "ms", "id", "km", "lo"];

    public static IReadOnlyList<MessageTemplate> All { get; } = Build();

    private static List<MessageTemplate> Build()
    {
        var all = new List<MessageTemplate>();
        foreach (var language in Languages)
        {
            all.Add(new MessageTemplate(TemplatePurposes.Arrival, Channels.Push, language, 0, "{appName} · {provinceName}",
                "[Hello {greetingName}! ]Welcome to {provinceName}, Vietnam. Please install the {appName} app: {installLink}"));
            all.Add(new MessageTemplate(TemplatePurposes.Arrival, Channels.Sms, language, 0, null,
                "[Hello {greetingName}! ]Welcome to {provinceName}, Vietnam. Please install {appName}: {installLink} Stop: {optOutLink}"));
            all.Add(new MessageTemplate(TemplatePurposes.Arrival, Channels.Zalo, language, 0, null, null, false, null,
                new Dictionary<string, string> { ["guest_name"] = "{greetingName}", ["province_name"] = "{provinceName}", ["install_link"] = "{installLink}", ["opt_out_link"] = "{optOutLink}" }));
        }
        return all;
    }
}

/// <summary>Which language a person reads. TODO(H1): fallbacks (zh-TW → zh-Hant, pt-BR → en, …), nationality, phone country.</summary>
public static class LanguageChoice
{
    public const string Fallback = "en";

    public static string Choose(string? language, string? nationality, string? phoneE164, IReadOnlyCollection<string> available)
    {
        if (!string.IsNullOrWhiteSpace(language))
        {
            var exact = available.FirstOrDefault(a => string.Equals(a, language, StringComparison.OrdinalIgnoreCase));
            if (exact is not null) return exact;
            var primary = language.Split('-', '_')[0].ToLowerInvariant();
            if (available.Contains(primary)) return primary;
        }
        return nationality == "VN" || phoneE164?.StartsWith("+84", StringComparison.Ordinal) == true ? "vi" : Fallback;
    }
}

/// <summary>Province names in the reader's script. TODO(H1): the table for all 34 units in ko, zh-Hans, zh-Hant, ja, th, ru, km, lo.</summary>
public static class ProvinceNames
{
    public static string For(string language, string provinceCode)
    {
        var province = ProvinceCatalogue.BuiltIn.Provinces34.GetValueOrDefault(provinceCode) ?? ProvinceCatalogue.BuiltIn.Provinces63.GetValueOrDefault(provinceCode);
        return language == "vi" ? province?.NameVi ?? provinceCode : province?.NameAscii ?? provinceCode;
    }
}

/// <summary>SMS encodings and parts. TODO(H1): warnings, exact worked examples.</summary>
public static class SmsEncoding
{
    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Extension = "^{}\\[~]|€\f";

    public static string FoldVietnamese(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) plain.Append(c);
        }
        return plain.ToString().Normalize(NormalizationForm.FormC);
    }

    public static SmsAnalysis Analyse(string text)
    {
        if (text.All(c => Gsm7Basic.Contains(c) || Gsm7Extension.Contains(c)))
        {
            var septets = text.Sum(c => Gsm7Extension.Contains(c) ? 2 : 1);
            return new SmsAnalysis(SmsAnalysis.Gsm7, septets, septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0), []);
        }
        return new SmsAnalysis(SmsAnalysis.Ucs2, text.Length, text.Length <= 70 ? 1 : (int)Math.Ceiling(text.Length / 67.0), []);
    }
}

/// <summary>Rendering. TODO(H1): greeting rules per language, optional segments, Zalo params, SMS folding.</summary>
public static class TemplateRenderer
{
    public static RenderedTemplate Render(MessageTemplate template, Guest guest, string provinceCode, LinkValues links)
    {
        var greeting = template.Language is "ko" or "ja" or "zh-Hans" or "zh-Hant"
            ? $"{guest.LastName} {guest.FirstName}".Trim() : guest.FirstName.Length > 0 ? guest.FirstName : guest.LastName;
        string? Fill(string? text)
        {
            if (text is null) return null;
            if (greeting.Length == 0) text = System.Text.RegularExpressions.Regex.Replace(text, @"\[[^\]]*\]", "");
            else text = text.Replace("[", "").Replace("]", "");
            return text.Replace("{firstName}", guest.FirstName).Replace("{lastName}", guest.LastName).Replace("{greetingName}", greeting)
                .Replace("{appName}", links.App.Name).Replace("{provinceName}", ProvinceNames.For(template.Language, provinceCode))
                .Replace("{androidLink}", links.App.AndroidUrl).Replace("{iosLink}", links.App.IosUrl)
                .Replace("{installLink}", links.InstallLink).Replace("{optOutLink}", links.OptOutLink);
        }
        var text = Fill(template.Text);
        if (template.Channel == Channels.Sms && text is not null && !template.KeepDiacritics) text = SmsEncoding.FoldVietnamese(text);
        return new RenderedTemplate(template.Purpose, template.Channel, template.Language, template.Version, Fill(template.Title), text,
            template.Channel == Channels.Sms && text is not null ? SmsEncoding.Analyse(text) : null, template.ZaloTemplateId,
            template.ZaloParams?.ToDictionary(p => p.Key, p => Fill(p.Value)!));
    }
}

/// <summary>What a template may contain. TODO(H1): unknown placeholders, missing {optOutLink}, channel limits.</summary>
public static class TemplateRules
{
    public static TemplateProblem? Validate(MessageTemplate template) => null;
}

/// <summary>The policy's defaults and rules. TODO(H1): validation, quiet-hours arithmetic across midnight.</summary>
public static class PolicyRules
{
    public static MessagingPolicy Default { get; } = new(0, null,
        new AppInfo("Bluezone", "https://play.google.com/store/apps/details?id=com.mic.bluezone", "https://apps.apple.com/vn/app/bluezone/id1508062685"),
        new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0), "Asia/Ho_Chi_Minh", [Channels.Sms, Channels.Zalo], [Triggers.Reminder, Triggers.Campaign]),
        new FrequencyCaps(3, 6),
        new ReminderPolicy(TimeSpan.FromDays(2), 2, TimeSpan.FromDays(3)));

    public static TemplateProblem? Validate(MessagingPolicy policy) => null;

    /// <summary>When a message on <paramref name="channel"/> for <paramref name="trigger"/> due at <paramref name="at"/> may go: null for now, else the end of the quiet window it falls in.</summary>
    public static DateTimeOffset? DeferredUntil(QuietHours quietHours, string channel, string trigger, DateTimeOffset at) => null;
}
