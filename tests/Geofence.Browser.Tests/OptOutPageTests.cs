using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Geofence.Notifier;
using Geofence.Notifier.Links;
using Geofence.Templates;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Geofence.Browser.Tests;

/// <summary>A guest's phone opens the links of the SMS they were sent, in real headless Chromium.</summary>
public sealed partial class OptOutPageTests : IAsyncLifetime
{
    private const string AndroidPhone = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
    private const string Desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    private readonly BrowserGeofence app = new();
    private GeofenceApi api = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async ValueTask InitializeAsync()
    {
        api = app.Api();
        (playwright, browser) = await Chromium.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await app.DisposeAsync();
    }

    /// <summary>A cheap phone: small screen, no JavaScript (the page must not need it).</summary>
    private Task<IBrowserContext> PhoneAsync() => browser.NewContextAsync(new BrowserNewContextOptions
    {
        UserAgent = AndroidPhone, ViewportSize = new ViewportSize { Width = 360, Height = 640 }, JavaScriptEnabled = false,
    });

    /// <summary>Where axe runs: it is a script, which the pages' Content-Security-Policy would refuse.</summary>
    private Task<IBrowserContext> CheckerAsync(string userAgent = Desktop) =>
        browser.NewContextAsync(new BrowserNewContextOptions { UserAgent = userAgent, BypassCSP = true });

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    /// <summary>A guest checked in at a new hotel in <paramref name="provinceCode"/>, and the SMS they were sent.</summary>
    private async Task<SandboxItem> CheckInAsync(string phone, string provinceCode)
    {
        var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..16];
        var hotelKey = await api.RegisterHotelAsync(propertyId, provinceCode);
        await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, phone, language: "vi", nationality: "VN", firstName: "Lan", lastName: "Nguyễn"));
        var messages = await GeofenceApi.EventuallyAsync(() => api.SandboxMessagesAsync(phone), items => items.Any(m => m.Channel == "sms"),
            $"the SMS to {phone}");
        return messages.Single(m => m.Channel == "sms");
    }

    /// <summary>The link of kind <paramref name="kind"/> (<c>o</c> opt-out, <c>i</c> install) in the SMS the guest received.</summary>
    private static string LinkIn(SandboxItem sms, string kind) =>
        LinkPattern().Matches(sms.Text).FirstOrDefault(m => m.Groups["kind"].Value == kind)?.Value
        ?? throw new Xunit.Sdk.XunitException($"The SMS carries no /{kind}/ link: {sms.Text}");

    private async Task<int> InstallClicksAsync(string link)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var token = link[^NotificationLinks.TokenLength..];
        return (await scope.ServiceProvider.GetRequiredService<NotifierDb>().Links.AsNoTracking().SingleAsync(l => l.Token == token)).InstallClicks;
    }

    [Fact]
    public async Task A_guest_opens_the_opt_out_link_of_their_SMS_taps_the_button_and_their_next_arrival_is_suppressed()
    {
        var phone = Guests.NewVietnamesePhone();
        var sms = await CheckInAsync(phone, "22");
        var link = LinkIn(sms, "o");
        Assert.StartsWith(app.BaseAddress.ToString(), link);
        var (language, texts) = LinkPageTexts.For(sms.Language);

        await using (var checker = await CheckerAsync())
        {
            var page = await checker.NewPageAsync();
            Assert.Equal(200, (await page.GotoAsync(link))!.Status);
            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            await AssertAccessibleAsync(page);
        }

        await using var phoneContext = await PhoneAsync();
        var phonePage = await phoneContext.NewPageAsync();
        await phonePage.GotoAsync(link);
        var button = phonePage.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = texts.Button });
        Assert.True((await button.BoundingBoxAsync())!.Height >= 44, "the button is large enough to tap");
        await button.ClickAsync();
        await Assertions.Expect(phonePage.GetByRole(AriaRole.Status)).ToHaveTextAsync(texts.Done);

        await using (var checker = await CheckerAsync())
        {
            var page = await checker.NewPageAsync();
            await page.GotoAsync(link);
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(texts.AlreadyDone);
            await AssertAccessibleAsync(page);
        }

        // The next arrival of that phone, in another province, is not sent.
        var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..16];
        await api.CheckInAsync(await api.RegisterHotelAsync(propertyId, "01"), Guests.CheckIn(propertyId, phone, language: "vi", nationality: "VN"));
        var next = await GeofenceApi.EventuallyAsync(() => api.NotificationsAsync(phone), items => items.Any(n => n.PropertyId == propertyId),
            "the decision on the second arrival");
        var decision = next.Single(n => n.PropertyId == propertyId);
        Assert.Equal(("suppressed", "opted-out"), (decision.Status, decision.Reason));
    }

    [Fact]
    public async Task The_install_link_takes_an_Android_phone_to_its_store_shows_a_computer_both_stores_and_counts_both_clicks()
    {
        var phone = Guests.NewVietnamesePhone();
        var sms = await CheckInAsync(phone, "22");
        var link = LinkIn(sms, "i");
        var store = PolicyRules.Default.App;

        await using (var android = await CheckerAsync(AndroidPhone))
        {
            var page = await android.NewPageAsync();
            var failed = new TaskCompletionSource<IRequest>();
            page.RequestFailed += (_, request) => failed.TrySetResult(request);
            // The stores do not resolve in these tests (Chromium.LaunchAsync), so the redirect's target is where it stops.
            var error = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(link));
            Assert.Contains("ERR_NAME_NOT_RESOLVED", error.Message);
            var toStore = await failed.Task;
            Assert.Equal((store.AndroidUrl, link), (toStore.Url, toStore.RedirectedFrom?.Url));
        }

        await using (var computer = await CheckerAsync())
        {
            var page = await computer.NewPageAsync();
            Assert.Equal(200, (await page.GotoAsync(link))!.Status);
            Assert.Equal(store.AndroidUrl, await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Android (Google Play)" }).GetAttributeAsync("href"));
            Assert.Equal(store.IosUrl, await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "iPhone (App Store)" }).GetAttributeAsync("href"));
            await AssertAccessibleAsync(page);
        }

        Assert.Equal(2, await InstallClicksAsync(link));
    }

    [Fact]
    public async Task An_unknown_link_shows_an_accessible_page_saying_so()
    {
        await using var checker = await CheckerAsync();
        var page = await checker.NewPageAsync();

        Assert.Equal(404, (await page.GotoAsync(new Uri(app.BaseAddress, "/o/AAAAAAAAAAAA").ToString()))!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("This link is not valid or has expired.");
        await AssertAccessibleAsync(page);
    }

    [GeneratedRegex(@"https?://[^\s]+/(?<kind>[io])/[0-9A-Za-z]{12}")]
    private static partial Regex LinkPattern();
}
