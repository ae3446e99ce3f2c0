using System.Text.Json;
using Geofence.Contracts;
using Geofence.Notifier.Links;
using Geofence.Notifier.Rules;
using Geofence.Privacy;
using Geofence.Templates;

namespace Geofence.Notifier.Sending;

/// <summary>
/// Builds the command for the Dispatcher from the templates in force: every channel's rendering (the Dispatcher falls
/// back along push → Zalo → SMS), the notification's links, and the report's text with the name masked. Names reach
/// every rendering through <see cref="GuestNames"/> only; the phone goes to the Dispatcher only when SMS and Zalo can
/// reach it (<see cref="Recipient.MobilePhone"/>), so a landline or premium number gets a push at most.
/// </summary>
public sealed class NotificationComposer(NotificationLinks links, FieldCipher cipher)
{
    /// <summary>The language the person reads among those with templates.</summary>
    public static string LanguageFor(Addressee addressee, string? phone) =>
        LanguageChoice.Choose(addressee.Language, addressee.Nationality, phone, TemplateSet.Languages);

    /// <summary>
    /// Issues the links (a row added to the context, saved with the decision) and renders every channel, each from
    /// <paramref name="ownTexts"/>' template for its channel and language when it has one (a campaign's own texts), else
    /// from the templates in force.
    /// </summary>
    public SendNotification Compose(Guid notificationId, string purpose, string trigger, string provinceCode, string? propertyId,
        Recipient recipient, Addressee addressee, string language, MessagingRules rules, DateTimeOffset now,
        IReadOnlyDictionary<(string Channel, string Language), MessageTemplate>? ownTexts = null)
    {
        var (installLink, optOutLink) = links.Issue(notificationId, recipient.PersonKey!, language, provinceCode);
        var values = new LinkValues(rules.Policy.App, installLink, optOutLink);
        var guest = new Guest(addressee.FirstName, addressee.LastName, addressee.Language, addressee.Nationality, recipient.Phone);
        RenderedTemplate Render(string channel, Guest who) =>
            TemplateSet.Render(ownTexts?.GetValueOrDefault((channel, language)) ?? rules.Templates.Resolve(purpose, channel, language),
                who, provinceCode, values);

        var push = Render(Channels.Push, guest);
        var sms = Render(Channels.Sms, guest);
        var zalo = Render(Channels.Zalo, guest);
        var first = recipient.FirstChannel == Channels.Push ? push : sms;
        // The report shows what was sent, but not to whom: the same text with the guest's name masked.
        var masked = addressee.Masked();
        var report = Render(recipient.FirstChannel, new Guest(masked.FirstName, masked.LastName, masked.Language, masked.Nationality));
        var device = recipient.Device;
        // Whatever reaches or names the person is sealed: only the Dispatcher opens it, right before sending.
        return new SendNotification(notificationId, recipient.PersonKey!, language, trigger, provinceCode, propertyId, now, device?.DeviceId,
            Phone: cipher.Protect(recipient.MobilePhone), PushToken: cipher.Protect(recipient.PushToken),
            PushPlatform: recipient.PushToken is null ? null : device!.Platform,
            PushTitle: cipher.Protect(push.Title), PushText: cipher.Protect(push.Text), SmsText: cipher.Protect(sms.Text), SmsTextParts: sms.Sms?.Parts,
            GuestName: cipher.Protect(GuestNames.Greeting(language, guest)), ProvinceName: ProvinceNames.For(language, provinceCode),
            ReportText: report.Text, TemplateVersion: first.Version, ZaloTemplateId: zalo.ZaloTemplateId,
            ZaloData: zalo.ZaloParams is null ? null : cipher.Protect(JsonSerializer.Serialize(zalo.ZaloParams)));
    }
}
