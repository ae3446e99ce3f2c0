using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Notifier.OptOuts;
using Geofence.Notifier.Rules;
using Geofence.Privacy;
using Geofence.Templates;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Links;

/// <summary>
/// The public pages behind the links a message carries: <c>/o/{token}</c> (one-tap opt-out) and <c>/i/{token}</c> (the
/// install link, sent to the phone's store and counted). Plain HTML in the link's language, no JavaScript, small enough
/// for a cheap phone on a slow network. An unknown or expired token is a 404 page, never an error.
/// </summary>
public static class LinkPages
{
    /// <summary>Letters of every script stay as they are (the pages are UTF-8); markup characters are encoded.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Css =
        "body{font-family:system-ui,sans-serif;font-size:18px;line-height:1.5;margin:0;color:#1a1a1a;background:#fff}" +
        "main{max-width:34em;margin:0 auto;padding:1em}h1{font-size:1.4em;margin:.5em 0}" +
        "button,.store{display:block;width:100%;box-sizing:border-box;min-height:3em;margin:1em 0;padding:.6em;font-size:1.1em;" +
        "text-align:center;border:0;border-radius:.4em;background:#0b5394;color:#fff;text-decoration:none}" +
        "a{color:#0b5394}ul{list-style:none;padding:0}";

    public static IEndpointRouteBuilder MapLinkPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer"; // the token must not follow the person to the store
            headers.CacheControl = "no-store";
            return await next(context);
        });
        pages.MapGet("/o/{token}", ShowOptOutAsync);
        // No antiforgery token: the link's token is the capability. It is unguessable (about 71 bits), reaches only the
        // person's own phone in the SMS or Zalo message, and a forged POST could do no more than its holder can.
        pages.MapPost("/o/{token}", OptOutAsync);
        pages.MapGet("/i/{token}", InstallAsync);
        return app;
    }

    private static async Task<IResult> ShowOptOutAsync(string token, NotifierDb db, MessagingRulesHolder rules, LinkSettings settings,
        TimeProvider time, CancellationToken ct)
    {
        if (await FindAsync(db, token, time, ct) is not { } link) return NotFound();
        var (language, texts) = LinkPageTexts.For(link.Language);
        if (await IsOptedOutAsync(db, link.PersonKey, ct)) return Said(language, texts, texts.AlreadyDone, settings);

        var willStop = texts.WillStop.Replace("{app}", rules.Current.Policy.App.Name, StringComparison.Ordinal)
            .Replace("{province}", ProvinceNames.For(language, link.ProvinceCode), StringComparison.Ordinal);
        return Page(language, texts.Title, $"""
            <h1>{E(texts.Title)}</h1>
            <p>{E(willStop)}</p>
            <form method="post"><button type="submit">{E(texts.Button)}</button></form>
            {PrivacyLink(texts, settings)}
            """);
    }

    private static async Task<IResult> OptOutAsync(string token, NotifierDb db, LinkSettings settings, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (await FindAsync(db, token, time, ct) is not { } link) return NotFound();
        var (language, texts) = LinkPageTexts.For(link.Language);
        // Idempotent: a person already opted out (by this link, another or the department) is told so and nothing is published.
        if (await IsOptedOutAsync(db, link.PersonKey, ct)) return Said(language, texts, texts.Done, settings);

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Claims the opt-out against a second POST racing this one: only the request that moves the link's mark wins.
        var claimed = await db.Links.Where(l => l.Token == link.Token && l.OptedOutAt == link.OptedOutAt)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OptedOutAt, now.UtcDateTime), ct);
        if (claimed == 0) return Said(language, texts, texts.Done, settings);

        var optOut = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == link.PersonKey, ct);
        if (optOut is null) db.OptOuts.Add(optOut = new OptOut { PersonKey = link.PersonKey });
        optOut.OptOut(OptedOutByLink.Source, OptOutRecord.Requested, null, now.UtcDateTime);
        db.Outbox.Add(OutboxMessage.For(new OptedOutByLink(link.NotificationId, link.PersonKey, now), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another link of the same person recorded the first opt-out row at the same moment: theirs stands.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (!await IsOptedOutAsync(db, link.PersonKey, CancellationToken.None)) throw;
            return Said(language, texts, texts.Done, settings);
        }
        await transaction.CommitAsync(ct);
        loggers.CreateLogger(typeof(LinkPages)).LogInformation("Notification {NotificationId}: the person opted out by its link", link.NotificationId);
        return Said(language, texts, texts.Done, settings);
    }

    private static async Task<IResult> InstallAsync(string token, HttpContext http, NotifierDb db, MessagingRulesHolder rules,
        TimeProvider time, CancellationToken ct)
    {
        if (await FindAsync(db, token, time, ct) is not { } link) return NotFound();
        var platform = PlatformOf(http.Request.Headers.UserAgent.ToString());
        var now = time.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // One UPDATE, so that simultaneous clicks all count.
            await db.Links.Where(l => l.Token == link.Token)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.InstallClicks, l => l.InstallClicks + 1), ct);
            db.Outbox.Add(OutboxMessage.For(new InstallLinkOpened(link.NotificationId, platform, now), now));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var app = rules.Current.Policy.App;
        if (platform == Platforms.Android) return Results.Redirect(app.AndroidUrl);
        if (platform == Platforms.Ios) return Results.Redirect(app.IosUrl);
        var (language, texts) = LinkPageTexts.For(link.Language);
        var title = texts.InstallTitle.Replace("{app}", app.Name, StringComparison.Ordinal);
        return Page(language, title, $"""
            <h1>{E(title)}</h1>
            <p>{E(texts.ChooseStore)}</p>
            <ul>
            <li><a class="store" href="{E(app.AndroidUrl)}">Android (Google Play)</a></li>
            <li><a class="store" href="{E(app.IosUrl)}">iPhone (App Store)</a></li>
            </ul>
            """);
    }

    /// <summary>The platforms <see cref="InstallLinkOpened"/> reports.</summary>
    public static class Platforms
    {
        public const string Android = "android";
        public const string Ios = "ios";
        public const string Other = "other";
    }

    /// <summary>
    /// Android, else iOS by its devices' names; anything else (a computer, an iPad that calls itself a Mac) gets the page
    /// with both links.
    /// </summary>
    public static string PlatformOf(string userAgent) =>
        userAgent.Contains("Android", StringComparison.OrdinalIgnoreCase) ? Platforms.Android
        : userAgent.Contains("iPhone", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("iPad", StringComparison.OrdinalIgnoreCase)
          || userAgent.Contains("iPod", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("iOS", StringComparison.Ordinal) ? Platforms.Ios
        : Platforms.Other;

    /// <summary>The link, if the token names one that still works; a token of the wrong shape costs no query.</summary>
    private static async Task<IssuedLink?> FindAsync(NotifierDb db, string token, TimeProvider time, CancellationToken ct)
    {
        if (token.Length != NotificationLinks.TokenLength || !token.All(char.IsAsciiLetterOrDigit)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Links.AsNoTracking().FirstOrDefaultAsync(l => l.Token == token && l.ExpiresAt > now, ct);
    }

    private static Task<bool> IsOptedOutAsync(NotifierDb db, string personKey, CancellationToken ct) =>
        db.OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey, ct);

    private static IResult Said(string language, LinkPageTexts texts, string text, LinkSettings settings) =>
        Page(language, texts.Title, $"""
            <h1>{E(texts.Title)}</h1>
            <p role="status">{E(text)}</p>
            {PrivacyLink(texts, settings)}
            """);

    private static string PrivacyLink(LinkPageTexts texts, LinkSettings settings) =>
        $"""<p><a href="{E(settings.PrivacyNoticeUrl)}">{E(texts.PrivacyNotice)}</a></p>""";

    /// <summary>The language of the link is unknown, so the page speaks the two the province's visitors most likely read.</summary>
    private static IResult NotFound() => Page("en", "Link not found · Không tìm thấy liên kết", """
        <h1>Link not found</h1>
        <p>This link is not valid or has expired.</p>
        <h1 lang="vi">Không tìm thấy liên kết</h1>
        <p lang="vi">Liên kết này không hợp lệ hoặc đã hết hạn.</p>
        """, StatusCodes.Status404NotFound);

    private static IResult Page(string language, string title, string main, int status = StatusCodes.Status200OK) =>
        Results.Content($$"""
            <!doctype html>
            <html lang="{{E(language)}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}}</title>
            <style>{{Css}}</style>
            </head>
            <body>
            <main>
            {{main}}
            </main>
            </body>
            </html>
            """, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string E(string text) => Html.Encode(text);
}
