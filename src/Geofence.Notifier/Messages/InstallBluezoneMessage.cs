using System.Globalization;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.ServiceDefaults.Settings;

namespace Geofence.Notifier.Messages;

/// <summary>Where the Bluezone app is installed from (<c>Templates:*</c>); the province's officials may change them.</summary>
public sealed class StoreLinks
{
    [AbsoluteUrl] public string AndroidStoreUrl { get; set; } = "https://play.google.com/store/apps/details?id=com.mic.bluezone";
    [AbsoluteUrl] public string IosStoreUrl { get; set; } = "https://apps.apple.com/vn/app/bluezone/id1508062685";
}

public sealed record RenderedMessage(string Language, string Text, int SmsParts);

/// <summary>Who the message speaks to: names as the hotel gave them (may be empty), and what language hints we have.</summary>
public sealed record Addressee(string FirstName, string LastName, string? Language, string? Nationality)
{
    /// <summary>
    /// The same person with every part of every name cut to its first letter and "***" (Minh Khoa → M*** K***): the
    /// report shows what was sent without naming the guest.
    /// </summary>
    public Addressee Masked() => this with { FirstName = Mask(FirstName), LastName = Mask(LastName) };

    private static string Mask(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(part => $"{part[..StringInfo.GetNextTextElementLength(part)]}***"));
}

/// <summary>The install-Bluezone message in each language we have a translation for.</summary>
public sealed class InstallBluezoneMessage(StoreLinks links)
{
    // {greeting} is "Name, " style text or empty; {province} the province's name; {android}/{ios} the store links.
    private static readonly Dictionary<string, (string Greeting, string Body)> Templates = new(StringComparer.Ordinal)
    {
        ["vi"] = ("Xin chào {name}! ", "Chào mừng bạn đến {province}. Hãy cài ứng dụng Bluezone để bảo vệ mình và cộng đồng. Android: {android} iPhone: {ios}"),
        ["en"] = ("Hello {name}! ", "Welcome to {province}, Vietnam. Please install the Bluezone app to protect yourself and others. Android: {android} iPhone: {ios}"),
        ["ko"] = ("{name}님, ", "{province}에 오신 것을 환영합니다. 모두의 안전을 위해 Bluezone 앱을 설치해 주세요. Android: {android} iPhone: {ios}"),
        ["zh"] = ("{name}，", "欢迎来到越南{province}。请安装Bluezone应用，保护自己和他人。Android: {android} iPhone: {ios}"),
        ["ja"] = ("{name}様、", "ベトナム・{province}へようこそ。ご自身と周りの方を守るため、Bluezoneアプリをインストールしてください。Android: {android} iPhone: {ios}"),
        ["ru"] = ("Здравствуйте, {name}! ", "Добро пожаловать в {province}, Вьетнам. Пожалуйста, установите приложение Bluezone, чтобы защитить себя и других. Android: {android} iPhone: {ios}"),
        ["fr"] = ("Bonjour {name} ! ", "Bienvenue à {province}, Vietnam. Merci d'installer l'application Bluezone pour vous protéger et protéger les autres. Android : {android} iPhone : {ios}"),
    };

    public static IReadOnlySet<string> Available { get; } = Templates.Keys.ToHashSet();

    public RenderedMessage Render(string channel, Addressee guest, string provinceCode)
    {
        var language = Languages.Choose(guest.Language, guest.Nationality, Available);
        var (greeting, body) = Templates[language];
        var name = NameFor(language, guest);

        var text = (name.Length > 0 ? greeting.Replace("{name}", name) : "") + body
            .Replace("{province}", ProvinceName(language, provinceCode))
            .Replace("{android}", links.AndroidStoreUrl)
            .Replace("{ios}", links.IosStoreUrl);

        if (channel != Channels.Sms) return new RenderedMessage(language, text, 0);
        if (language == "vi") text = SmsText.WithoutDiacritics(text);
        return new RenderedMessage(language, text, SmsText.CountParts(text));
    }

    /// <summary>The push title: the app's name and where the guest is, in the message's language.</summary>
    public static string PushTitle(string language, string provinceCode) => $"Bluezone · {ProvinceName(language, provinceCode)}";

    /// <summary>The province as the message names it: with diacritics in Vietnamese, in ASCII for everyone else.</summary>
    public static string ProvinceName(string language, string provinceCode)
    {
        var province = ProvinceCatalogue.BuiltIn.Provinces34.GetValueOrDefault(provinceCode);
        return language == "vi" ? province?.NameVi ?? provinceCode : province?.NameAscii ?? provinceCode;
    }

    /// <summary>Korean, Chinese and Japanese readers are addressed family name first; others by given name.</summary>
    public static string NameFor(string language, Addressee guest) => language is "ko" or "zh" or "ja"
        ? $"{guest.LastName} {guest.FirstName}".Trim()
        : guest.FirstName.Length > 0 ? guest.FirstName : guest.LastName;
}
