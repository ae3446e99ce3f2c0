using System.Net;
using Geofence.Testing;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API6:2023, unrestricted access to sensitive business flows. The flow worth abusing here is "make the
/// department send an SMS to a number": only a telecom feed may report province entries (each can become an SMS to
/// any number), and its entries are limited per feed (<c>RateLimits__TelcoEntriesPerSecond</c>/<c>Burst</c>, proven in
/// <see cref="LocationFeedsApiTests"/>); a hotel reports check-ins only for its own property (<see
/// cref="Api1BrokenObjectLevelAuthorisationTests"/>) and a visit gets one message whatever is repeated. The sandbox's
/// record of "sent" messages, which holds numbers in clear, is readable by an admin key only; it is still mapped in
/// Production (the distributed tests run their services as Production on the sandbox providers).
/// </summary>
public sealed class Api6SensitiveBusinessFlowsTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData("app")]
    [InlineData("wifi")]
    public async Task Only_a_telco_feed_can_make_the_system_message_a_number_it_names(string kind)
    {
        var key = await api.RegisterFeedAsync(NewId($"feed-{kind}"), kind);
        var phone = Guests.NewVietnamesePhone();

        using var response = await api.PostAsFeedAsync(key, "/api/v1/province-entries",
            new { entries = new[] { new { phone, provinceCode = "22", at = DateTimeOffset.UtcNow.ToString("O") } } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(await api.NotificationsAsync(phone));
    }

    [Theory]
    [InlineData("hotel")]
    [InlineData("telco")]
    public async Task Only_an_admin_can_read_the_sandboxs_messages(string caller)
    {
        var key = caller == "hotel" ? await api.RegisterHotelAsync(NewId("HOTEL")) : await api.RegisterFeedAsync(NewId("feed"), caller);

        using var response = await SendAsync(api.Dispatcher, HttpMethod.Get, "/api/v1/sandbox/messages", key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
