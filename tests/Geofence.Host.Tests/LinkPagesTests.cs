using System.Net;
using Geofence.Contracts;
using Geofence.Notifier;
using Geofence.Notifier.Links;
using Geofence.Privacy;
using Geofence.Templates;
using Geofence.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Host.Tests;

/// <summary>The pages behind a message's links: the one-tap opt-out (<c>/o/</c>) and the counted install link (<c>/i/</c>).</summary>
public sealed class LinkPagesTests : IAsyncLifetime
{
    private const string AndroidPhone = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    private readonly EmbeddedGeofence app = new(new Dictionary<string, string>
    {
        ["Links:BaseUrl"] = "https://go.example.vn",
        ["Links:PrivacyNoticeUrl"] = "https://soyte.example.vn/privacy?a=1&b=2",
    });
    private HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    /// <summary>Issues the links of a notification to <paramref name="phone"/>, as the Notifier does when it decides to send.</summary>
    private async Task<(Guid NotificationId, string PersonKey, string InstallToken, string OptOutToken)> IssueAsync(string phone, string language,
        string provinceCode = "22")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var personKey = scope.ServiceProvider.GetRequiredService<PersonKeys>().ForPhone(phone);
        var notificationId = Guid.NewGuid();
        var (install, optOut) = scope.ServiceProvider.GetRequiredService<NotificationLinks>().Issue(notificationId, personKey, language, provinceCode);
        await scope.ServiceProvider.GetRequiredService<NotifierDb>().SaveChangesAsync();
        Assert.StartsWith("https://go.example.vn/i/", install);
        Assert.StartsWith("https://go.example.vn/o/", optOut);
        return (notificationId, personKey, install[^NotificationLinks.TokenLength..], optOut[^NotificationLinks.TokenLength..]);
    }

    private async Task<T> InNotifierAsync<T>(Func<NotifierDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<NotifierDb>());
    }

    private Task<T[]> OutboxAsync<T>() where T : class => InNotifierAsync(async db =>
        (await db.Outbox.AsNoTracking().Where(m => m.Contract.EndsWith(":" + typeof(T).Name)).ToListAsync())
        .Select(m => (T)m.Deserialize(out _)).ToArray());

    private async Task<(HttpResponseMessage Response, string Html)> SendAsync(HttpMethod method, string path, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        var response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static void AssertSafeHeaders(HttpResponseMessage response)
    {
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_opt_out_link_shows_one_button_in_the_links_language_with_the_app_the_province_and_the_privacy_notice()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "ko");

        var (response, html) = await SendAsync(HttpMethod.Get, $"/o/{link.OptOutToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertSafeHeaders(response);
        Assert.Contains("<html lang=\"ko\">", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("<form method=\"post\"><button type=\"submit\">메시지 받지 않기</button></form>", html);
        Assert.Contains(PolicyRules.Default.App.Name, html);
        Assert.Contains(ProvinceNames.For("ko", "22"), html);
        // The query string's & is encoded in the attribute.
        Assert.Contains("<a href=\"https://soyte.example.vn/privacy?a=1&amp;b=2\">개인정보 처리방침</a>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_link_in_a_language_without_its_own_page_speaks_English()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "pt-BR");

        var (_, html) = await SendAsync(HttpMethod.Get, $"/o/{link.OptOutToken}");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains(">Stop messages</button>", html);
    }

    [Fact]
    public async Task Tapping_the_button_records_the_opt_out_marks_the_link_and_publishes_it_once_however_often_it_is_tapped()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "fr");

        var (first, html) = await SendAsync(HttpMethod.Post, $"/o/{link.OptOutToken}");
        var (second, again) = await SendAsync(HttpMethod.Post, $"/o/{link.OptOutToken}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        AssertSafeHeaders(first);
        Assert.Contains("C&#x27;est fait. Vous ne recevrez plus de messages.", html);
        Assert.Contains("C&#x27;est fait. Vous ne recevrez plus de messages.", again);
        var optOut = await InNotifierAsync(db => db.OptOuts.AsNoTracking().SingleAsync(o => o.PersonKey == link.PersonKey));
        Assert.True(optOut.IsActive);
        Assert.Equal((OptedOutByLink.Source, "requested"), (optOut.Source, optOut.Code));
        Assert.NotNull((await InNotifierAsync(db => db.Links.AsNoTracking().SingleAsync(l => l.Token == link.OptOutToken))).OptedOutAt);
        var published = Assert.Single(await OutboxAsync<OptedOutByLink>(), m => m.NotificationId == link.NotificationId);
        Assert.Equal(link.PersonKey, published.PersonKey);

        var (_, page) = await SendAsync(HttpMethod.Get, $"/o/{link.OptOutToken}");
        Assert.Contains("Vous vous êtes déjà désinscrit.", page);
        Assert.DoesNotContain("<form", page);
    }

    [Fact]
    public async Task Taps_at_the_same_moment_publish_one_opt_out()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "en");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(HttpMethod.Post, $"/o/{link.OptOutToken}")));

        Assert.All(answers, a => Assert.Contains("You will not receive further messages.", a.Html));
        Assert.Single(await OutboxAsync<OptedOutByLink>(), m => m.NotificationId == link.NotificationId);
    }

    [Fact]
    public async Task A_person_opted_out_then_checking_in_again_is_suppressed_as_opted_out()
    {
        var phone = Guests.NewKoreanPhone();
        var link = await IssueAsync(phone, "ko");
        var api = app.Api();
        var hotelKey = await api.RegisterHotelAsync("HOTEL-LINKS", "22");

        await SendAsync(HttpMethod.Post, $"/o/{link.OptOutToken}");
        await api.CheckInAsync(hotelKey, Guests.CheckIn("HOTEL-LINKS", phone));

        var notification = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.Equal(("suppressed", "opted-out"), (notification.Status, notification.Reason));
    }

    [Theory]
    [InlineData("GET", "/o/AAAAAAAAAAAA")]
    [InlineData("POST", "/o/AAAAAAAAAAAA")]
    [InlineData("GET", "/i/AAAAAAAAAAAA")]
    [InlineData("GET", "/o/short")]
    [InlineData("GET", "/i/%3Cscript%3E")]
    public async Task An_unknown_link_is_a_404_page_in_English_and_Vietnamese(string method, string path)
    {
        var (response, html) = await SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertSafeHeaders(response);
        Assert.Contains("This link is not valid or has expired.", html);
        Assert.Contains("Liên kết này không hợp lệ hoặc đã hết hạn.", html);
    }

    [Fact]
    public async Task An_expired_link_is_a_404_page_and_records_nothing()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "en");
        await InNotifierAsync(db => db.Links.Where(l => l.Token == link.OptOutToken)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));

        var (get, _) = await SendAsync(HttpMethod.Get, $"/o/{link.OptOutToken}");
        var (post, _) = await SendAsync(HttpMethod.Post, $"/o/{link.OptOutToken}");
        var (install, _) = await SendAsync(HttpMethod.Get, $"/i/{link.InstallToken}", AndroidPhone);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [get.StatusCode, post.StatusCode, install.StatusCode]);
        Assert.False(await InNotifierAsync(db => db.OptOuts.AnyAsync(o => o.PersonKey == link.PersonKey)));
        Assert.Equal(0, (await InNotifierAsync(db => db.Links.AsNoTracking().SingleAsync(l => l.Token == link.InstallToken))).InstallClicks);
    }

    [Fact]
    public async Task The_install_link_sends_each_phone_to_its_store_and_anything_else_to_a_page_with_both_and_counts_every_click()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "vi");
        var store = PolicyRules.Default.App;

        var (android, _) = await SendAsync(HttpMethod.Get, $"/i/{link.InstallToken}", AndroidPhone);
        var (iphone, _) = await SendAsync(HttpMethod.Get, $"/i/{link.InstallToken}", IPhone);
        var (desktop, html) = await SendAsync(HttpMethod.Get, $"/i/{link.InstallToken}", Desktop);

        Assert.Equal((HttpStatusCode.Redirect, store.AndroidUrl), (android.StatusCode, android.Headers.Location?.ToString()));
        Assert.Equal((HttpStatusCode.Redirect, store.IosUrl), (iphone.StatusCode, iphone.Headers.Location?.ToString()));
        AssertSafeHeaders(android);
        Assert.Equal(HttpStatusCode.OK, desktop.StatusCode);
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains($"Cài đặt {store.Name}", html);
        Assert.Contains($"href=\"{store.AndroidUrl}\"", html);
        Assert.Contains($"href=\"{store.IosUrl}\"", html);
        Assert.Equal(3, (await InNotifierAsync(db => db.Links.AsNoTracking().SingleAsync(l => l.Token == link.InstallToken))).InstallClicks);
        Assert.Equal(["android", "ios", "other"], (await OutboxAsync<InstallLinkOpened>())
            .Where(o => o.NotificationId == link.NotificationId).OrderBy(o => o.At).Select(o => o.Platform));
    }

    [Fact]
    public async Task Simultaneous_clicks_are_all_counted()
    {
        var link = await IssueAsync(Guests.NewKoreanPhone(), "en");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(HttpMethod.Get, $"/i/{link.InstallToken}", AndroidPhone)));

        Assert.Equal(8, (await InNotifierAsync(db => db.Links.AsNoTracking().SingleAsync(l => l.Token == link.InstallToken))).InstallClicks);
    }
}
