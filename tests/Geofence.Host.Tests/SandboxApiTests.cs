using System.Net;
using System.Net.Http.Json;
using Geofence.Testing;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>GET /api/v1/sandbox/messages: what the sandbox providers would have sent, paged like every other list.</summary>
public sealed class SandboxApiTests : IAsyncLifetime
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
    public async Task Sandbox_messages_come_as_items_with_a_cursor_that_pages_until_next_is_null()
    {
        var key = await api.RegisterHotelAsync("HOTEL-SB-001", "22");
        var phones = Enumerable.Range(0, 5).Select(_ => Guests.NewKoreanPhone()).ToArray();
        foreach (var phone in phones) await api.CheckInAsync(key, Guests.CheckIn("HOTEL-SB-001", phone));
        foreach (var phone in phones) await api.SettledNotificationsAsync(phone);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var request = api.Admin(HttpMethod.Get, $"/api/v1/sandbox/messages?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            var page = (await (await api.Ingest.SendAsync(request)).Content.ReadFromJsonAsync<SandboxPage>())!;
            Assert.True(page.Items.Length <= 2);
            seen.AddRange(page.Items.Select(m => m.Recipient));
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(phones.Order(), seen.Order());
    }

    [Theory]
    [InlineData("phone=not-a-phone", "phone")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=bjEy", "cursor")] // a notifications cursor
    public async Task A_bad_query_is_400_naming_the_parameter(string query, string field)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/sandbox/messages?{query}");

        var problem = await AssertProblemAsync(await api.Ingest.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
