using System.Net;
using System.Net.Http.Json;
using Geofence.Notifier;
using Geofence.Privacy;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>/api/v1/opt-outs: the department records a person's wish not to be messaged, sees the list, and lifts it.</summary>
public sealed class OptOutsApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static string NewPropertyId() => $"H-{Guid.NewGuid():N}"[..12];

    private Task NotifierKnowsAsync(string personKey, bool optedOut) =>
        GeofenceApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<NotifierDb>().OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey);
        }, active => active == optedOut, $"the Notifier to see the opt-out {(optedOut ? "recorded" : "lifted")}");

    [Fact]
    public async Task A_recorded_opt_out_suppresses_the_next_arrival_and_once_lifted_the_person_is_messaged_again()
    {
        var (hotel22, hotel48) = (NewPropertyId(), NewPropertyId());
        var key22 = await api.RegisterHotelAsync(hotel22, "22");
        var key48 = await api.RegisterHotelAsync(hotel48, "48");
        var phone = Guests.NewKoreanPhone();

        using var recorded = await api.RecordOptOutAsync(phone, "asked at the front desk");
        Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
        var listed = Assert.Single(await api.OptOutsAsync(phone));
        Assert.Equal((true, "admin", "requested", "asked at the front desk"), (listed.Active, listed.Source, listed.Code, listed.Note));
        // The Notifier learns of it through the bus, a moment later.
        await NotifierKnowsAsync(listed.PersonKey, optedOut: true);
        await api.CheckInAsync(key22, Guests.CheckIn(hotel22, phone));
        var suppressed = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.Equal(("suppressed", "opted-out"), (suppressed.Status, suppressed.Reason));

        using var lifted = await api.LiftOptOutAsync(phone);
        Assert.Equal(HttpStatusCode.Accepted, lifted.StatusCode);
        Assert.Empty(await api.OptOutsAsync(phone));
        Assert.False(Assert.Single(await api.OptOutsAsync(phone, all: true)).Active);
        await NotifierKnowsAsync(listed.PersonKey, optedOut: false);
        await api.CheckInAsync(key48, Guests.CheckIn(hotel48, phone));
        await GeofenceApi.EventuallyAsync(() => api.NotificationsAsync(phone), items => items.Any(n => n.Status == "sent"),
            "a message once the opt-out is lifted");
        Assert.Single(await api.SandboxMessagesAsync(phone));
    }

    [Fact]
    public async Task The_list_finds_a_number_in_any_format_and_pages_with_a_cursor()
    {
        var phones = Enumerable.Range(0, 5).Select(_ => Guests.NewVietnamesePhone()).Distinct().ToArray();
        foreach (var phone in phones) (await api.RecordOptOutAsync(phone)).EnsureSuccessStatusCode();

        var local = "0" + phones[0][3..];
        Assert.Single(await api.OptOutsAsync(local));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var request = api.Admin(HttpMethod.Get, $"/api/v1/opt-outs?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            var page = (await (await api.Ingest.SendAsync(request)).Content.ReadFromJsonAsync<OptOutPage>())!;
            Assert.True(page.Items.Length <= 2);
            seen.AddRange(page.Items.Select(o => o.PersonKey));
            cursor = page.Next;
        } while (cursor is not null);
        Assert.Equal(phones.Length, seen.Distinct().Count());
    }

    [Fact]
    public async Task Lifting_a_number_that_is_not_opted_out_is_404()
    {
        await AssertProblemAsync(await api.LiftOptOutAsync(Guests.NewKoreanPhone()), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"phone":"12"}""", "phone")]
    [InlineData("""{"note":"no phone"}""", "phone")]
    [InlineData("""{"phone":"+84901234567","note":"NOTE"}""", "note")]
    public async Task A_bad_opt_out_is_400_naming_the_field(string body, string field)
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/opt-outs");
        request.Content = new StringContent(body.Replace("NOTE", new string('x', 201)), System.Text.Encoding.UTF8, "application/json");

        var problem = await AssertProblemAsync(await api.Ingest.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Opt_outs_need_the_admin_key()
    {
        var hotelKey = await api.RegisterHotelAsync(NewPropertyId(), "22");
        using var asHotel = new HttpRequestMessage(HttpMethod.Get, "/api/v1/opt-outs");
        asHotel.Headers.Add("X-Api-Key", hotelKey);

        await AssertProblemAsync(await api.Ingest.GetAsync("/api/v1/opt-outs"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.Ingest.SendAsync(asHotel), HttpStatusCode.Forbidden);
    }
}
