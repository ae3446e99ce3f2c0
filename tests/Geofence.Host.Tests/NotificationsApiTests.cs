using System.Net;
using System.Net.Http.Json;
using Geofence.Testing;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>GET /api/v1/notifications: what the department sees.</summary>
public sealed class NotificationsApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_phone_number_in_any_format_finds_the_guests_notification()
    {
        var key = await api.RegisterHotelAsync("HOTEL-PQ-001", "91");
        await api.CheckInAsync(key, Guests.CheckIn("HOTEL-PQ-001", "0901234567", language: "vi", nationality: "VN"));

        var byE164 = await api.SettledNotificationsAsync("+84901234567");
        var byLocal = await api.NotificationsAsync("090 123 4567");

        Assert.Equal(Assert.Single(byE164).Id, Assert.Single(byLocal).Id);
        Assert.Equal("91", byLocal[0].ProvinceCode);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_until_next_is_null()
    {
        var key = await api.RegisterHotelAsync("HOTEL-PQ-002", "91");
        var phones = Enumerable.Range(0, 5).Select(_ => Guests.NewKoreanPhone()).ToArray();
        foreach (var phone in phones) await api.CheckInAsync(key, Guests.CheckIn("HOTEL-PQ-002", phone));
        foreach (var phone in phones) await api.SettledNotificationsAsync(phone);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            using var request = api.Admin(HttpMethod.Get, $"/api/v1/notifications?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            var page = (await (await api.Ingest.SendAsync(request)).Content.ReadFromJsonAsync<NotificationPage>())!;
            Assert.True(page.Items.Length <= 2);
            seen.AddRange(page.Items.Select(n => n.Id));
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(5, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("phone=not-a-phone", "phone")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=%21%21", "cursor")]
    [InlineData("campaignId=spring-campaign", "campaignId")]
    [InlineData("trigger=arrival", "trigger")]
    public async Task A_bad_query_is_400_naming_the_parameter(string query, string field)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/notifications?{query}");

        var problem = await AssertProblemAsync(await api.Ingest.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Notifications_need_the_admin_key()
    {
        var hotelKey = await api.RegisterHotelAsync("HOTEL-PQ-003", "91");
        using var asHotel = new HttpRequestMessage(HttpMethod.Get, "/api/v1/notifications");
        asHotel.Headers.Add("X-Api-Key", hotelKey);

        await AssertProblemAsync(await api.Ingest.GetAsync("/api/v1/notifications"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.Ingest.SendAsync(asHotel), HttpStatusCode.Forbidden);
    }
}
