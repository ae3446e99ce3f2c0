using Geofence.Contracts;

namespace Geofence.Templates;

/// <summary>
/// The texts sent until the department saves its own: arrival and reminder, for push (title and text), SMS (text) and
/// Zalo ZNS (parameters of the Dispatcher's configured template), in 15 languages. The wordings of vi, en, ko, zh, ja,
/// ru and fr are those sent before templates could be edited; the push title is "{appName} · {provinceName}". SMS texts
/// avoid characters outside GSM-7 in Latin-script languages (no "·", no curly quotes) so that they fold to GSM-7.
/// </summary>
public static class BuiltInTemplates
{
    public static IReadOnlyList<string> Languages { get; } =
        ["vi", "en", "zh-Hans", "zh-Hant", "ko", "ja", "th", "ru", "fr", "de", "es", "ms", "id", "km", "lo"];

    /// <summary>
    /// The languages whose built-in texts (and province names) were written without a native speaker and want one's
    /// review before a department relies on them.
    /// </summary>
    public static IReadOnlyList<string> NeedsNativeReview { get; } = ["th", "km", "lo", "ms", "id"];

    public const string PushTitle = "{appName} · {provinceName}";

    /// <summary>The Zalo ZNS parameters the built-in templates fill; the template itself is the Dispatcher's configured one.</summary>
    public static IReadOnlyDictionary<string, string> ZaloParams { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["guest_name"] = "{greetingName}",
        ["province_name"] = "{provinceName}",
        ["install_link"] = "{installLink}",
        ["opt_out_link"] = "{optOutLink}",
    };

    /// <summary>One language's texts. Greeting is an optional part ("[Hello {greetingName}! ]"); Stop ends every SMS.</summary>
    private sealed record Texts(string Greeting, string Arrival, string Reminder, string Stop, string? SmsArrival = null, string? SmsReminder = null);

    private static readonly Dictionary<string, Texts> ByLanguage = new(StringComparer.Ordinal)
    {
        ["vi"] = new("[Xin chào {greetingName}! ]",
            "Chào mừng bạn đến {provinceName}. Hãy cài ứng dụng {appName} để bảo vệ mình và cộng đồng: {installLink}",
            "Nhắc lại: khi ở {provinceName}, hãy cài ứng dụng {appName} để bảo vệ mình và cộng đồng: {installLink}",
            "Từ chối nhận tin: {optOutLink}"),
        ["en"] = new("[Hello {greetingName}! ]",
            "Welcome to {provinceName}, Vietnam. Please install the {appName} app to protect yourself and others: {installLink}",
            "Reminder: while you are in {provinceName}, please install the {appName} app to protect yourself and others: {installLink}",
            "Opt out: {optOutLink}"),
        ["zh-Hans"] = new("[{greetingName}，]",
            "欢迎来到越南{provinceName}。请安装{appName}应用，保护自己和他人：{installLink}",
            "温馨提醒：您在{provinceName}期间，请安装{appName}应用，保护自己和他人：{installLink}",
            "退订：{optOutLink}"),
        ["zh-Hant"] = new("[{greetingName}，]",
            "歡迎來到越南{provinceName}。請安裝{appName}應用程式，保護自己和他人：{installLink}",
            "溫馨提醒：您在{provinceName}期間，請安裝{appName}應用程式，保護自己和他人：{installLink}",
            "取消訂閱：{optOutLink}"),
        ["ko"] = new("[{greetingName}님, ]",
            "{provinceName}에 오신 것을 환영합니다. 모두의 안전을 위해 {appName} 앱을 설치해 주세요: {installLink}",
            "다시 안내드립니다. {provinceName}에 머무시는 동안 모두의 안전을 위해 {appName} 앱을 설치해 주세요: {installLink}",
            "수신거부: {optOutLink}",
            SmsReminder: "다시 안내드립니다. {provinceName}에 머무시는 동안 {appName} 앱을 설치해 주세요: {installLink}"),
        ["ja"] = new("[{greetingName}様、]",
            "ベトナム・{provinceName}へようこそ。ご自身と周りの方を守るため、{appName}アプリをインストールしてください：{installLink}",
            "改めてのお願いです。{provinceName}ご滞在中は、ご自身と周りの方を守るため、{appName}アプリをインストールしてください：{installLink}",
            "配信停止：{optOutLink}",
            // Two UCS-2 parts instead of three: the SMS says "for safety" where the push explains.
            SmsArrival: "ベトナム・{provinceName}へようこそ。安全のため、{appName}アプリをインストールしてください：{installLink}",
            SmsReminder: "改めてのお願いです。{provinceName}ご滞在中は、安全のため{appName}アプリをインストールしてください：{installLink}"),
        ["th"] = new("[สวัสดีคุณ{greetingName} ]",
            "ยินดีต้อนรับสู่{provinceName} ประเทศเวียดนาม กรุณาติดตั้งแอป {appName} เพื่อปกป้องตัวคุณและผู้อื่น: {installLink}",
            "ขอเตือนอีกครั้ง ระหว่างที่คุณอยู่ใน{provinceName} กรุณาติดตั้งแอป {appName} เพื่อปกป้องตัวคุณและผู้อื่น: {installLink}",
            "ยกเลิกรับข้อความ: {optOutLink}"),
        ["ru"] = new("[Здравствуйте, {greetingName}! ]",
            "Добро пожаловать в {provinceName}, Вьетнам. Пожалуйста, установите приложение {appName}, чтобы защитить себя и других: {installLink}",
            "Напоминаем: пока вы находитесь в {provinceName}, пожалуйста, установите приложение {appName}, чтобы защитить себя и других: {installLink}",
            "Отписаться: {optOutLink}",
            // UCS-2 costs a part per 67 characters: the SMS drops the politeness the push can afford.
            SmsArrival: "Добро пожаловать в {provinceName}, Вьетнам! Установите приложение {appName}, чтобы защитить себя и других: {installLink}",
            SmsReminder: "Напоминаем: пока вы в {provinceName}, установите приложение {appName}, чтобы защитить себя и других: {installLink}"),
        ["fr"] = new("[Bonjour {greetingName} ! ]",
            "Bienvenue à {provinceName}, Vietnam. Merci d'installer l'application {appName} pour vous protéger et protéger les autres : {installLink}",
            "Rappel : pendant votre séjour à {provinceName}, merci d'installer l'application {appName} pour vous protéger et protéger les autres : {installLink}",
            "STOP : {optOutLink}"),
        ["de"] = new("[Hallo {greetingName}! ]",
            "Willkommen in {provinceName}, Vietnam. Bitte installieren Sie die App {appName}, um sich und andere zu schützen: {installLink}",
            "Zur Erinnerung: Bitte installieren Sie während Ihres Aufenthalts in {provinceName} die App {appName}, um sich und andere zu schützen: {installLink}",
            "Abmelden: {optOutLink}"),
        ["es"] = new("[¡Hola, {greetingName}! ]",
            "Le damos la bienvenida a {provinceName}, Vietnam. Instale la app {appName} para protegerse y proteger a los demás: {installLink}",
            "Recordatorio: durante su estancia en {provinceName}, instale la app {appName} para protegerse y proteger a los demás: {installLink}",
            "Darse de baja: {optOutLink}"),
        ["ms"] = new("[Helo {greetingName}! ]",
            "Selamat datang ke {provinceName}, Vietnam. Sila pasang aplikasi {appName} untuk melindungi diri anda dan orang lain: {installLink}",
            "Peringatan mesra: semasa anda berada di {provinceName}, sila pasang aplikasi {appName} untuk melindungi diri anda dan orang lain: {installLink}",
            "Berhenti terima mesej: {optOutLink}"),
        ["id"] = new("[Halo {greetingName}! ]",
            "Selamat datang di {provinceName}, Vietnam. Silakan pasang aplikasi {appName} untuk melindungi diri Anda dan orang lain: {installLink}",
            "Pengingat: selama Anda berada di {provinceName}, silakan pasang aplikasi {appName} untuk melindungi diri Anda dan orang lain: {installLink}",
            "Berhenti berlangganan: {optOutLink}"),
        ["km"] = new("[សួស្តី {greetingName}! ]",
            "សូមស្វាគមន៍មកកាន់ {provinceName} ប្រទេសវៀតណាម។ សូមដំឡើងកម្មវិធី {appName} ដើម្បីការពារខ្លួនអ្នក និងអ្នកដទៃ៖ {installLink}",
            "សូមរំលឹក៖ ពេលអ្នកស្នាក់នៅ {provinceName} សូមដំឡើងកម្មវិធី {appName} ដើម្បីការពារខ្លួនអ្នក និងអ្នកដទៃ៖ {installLink}",
            "ឈប់ទទួលសារ៖ {optOutLink}"),
        ["lo"] = new("[ສະບາຍດີ {greetingName}! ]",
            "ຍິນດີຕ້ອນຮັບສູ່ {provinceName}, ປະເທດຫວຽດນາມ. ກະລຸນາຕິດຕັ້ງແອັບ {appName} ເພື່ອປົກປ້ອງຕົວທ່ານ ແລະ ຜູ້ອື່ນ: {installLink}",
            "ຂໍເຕືອນອີກຄັ້ງ: ໃນຂະນະທີ່ທ່ານຢູ່ {provinceName}, ກະລຸນາຕິດຕັ້ງແອັບ {appName} ເພື່ອປົກປ້ອງຕົວທ່ານ ແລະ ຜູ້ອື່ນ: {installLink}",
            "ຢຸດຮັບຂໍ້ຄວາມ: {optOutLink}"),
    };

    /// <summary>Every built-in template (version 0): 15 languages × arrival and reminder × push, SMS and Zalo.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = Build();

    private static List<MessageTemplate> Build()
    {
        var all = new List<MessageTemplate>();
        foreach (var language in Languages)
        {
            var texts = ByLanguage[language];
            foreach (var (purpose, push, sms) in new[]
            {
                (TemplatePurposes.Arrival, texts.Arrival, texts.SmsArrival ?? texts.Arrival),
                (TemplatePurposes.Reminder, texts.Reminder, texts.SmsReminder ?? texts.Reminder),
            })
            {
                all.Add(new MessageTemplate(purpose, Channels.Push, language, 0, PushTitle, texts.Greeting + push));
                all.Add(new MessageTemplate(purpose, Channels.Sms, language, 0, null, $"{texts.Greeting}{sms} {texts.Stop}", KeepDiacritics: false));
                all.Add(new MessageTemplate(purpose, Channels.Zalo, language, 0, null, null, ZaloTemplateId: null, ZaloParams: ZaloParams));
            }
        }
        return all;
    }
}
