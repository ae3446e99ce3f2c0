using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>POST /api/v1/checkins: every answer a PMS can get.</summary>
public sealed class CheckInApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;
    private string propertyId = null!;
    private string hotelKey = null!;

    public async ValueTask InitializeAsync()
    {
        api = app.Api();
        propertyId = $"HOTEL-{Guid.NewGuid():N}"[..20];
        hotelKey = await api.RegisterHotelAsync(propertyId, "22");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_valid_checkin_is_accepted_with_202_and_a_checkin_id()
    {
        using var response = await api.PostCheckInAsync(hotelKey, Guests.CheckIn(propertyId, "+82 10-1234-5678"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        Assert.NotEqual(Guid.Empty, body.GetProperty("checkinId").GetGuid());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_answers_the_same_checkin_id()
    {
        var checkIn = Guests.CheckIn(propertyId, Guests.NewKoreanPhone());

        var first = await api.CheckInAsync(hotelKey, checkIn, "pms-42");
        var second = await api.CheckInAsync(hotelKey, checkIn, "pms-42");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_same_body_without_an_idempotency_key_answers_the_same_checkin_id()
    {
        var checkIn = Guests.CheckIn(propertyId, Guests.NewKoreanPhone());

        Assert.Equal(await api.CheckInAsync(hotelKey, checkIn), await api.CheckInAsync(hotelKey, checkIn));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_409()
    {
        await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, Guests.NewKoreanPhone()), "pms-43");

        using var response = await api.PostCheckInAsync(hotelKey, Guests.CheckIn(propertyId, Guests.NewKoreanPhone()), "pms-43");

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("guest.phone", "12345")]
    [InlineData("guest.phone", "+84 12")]
    [InlineData("guest.nationality", "XX")]
    [InlineData("checkedInAt", "2026-11-28T09:15:00")]
    [InlineData("checkedInAt", "yesterday")]
    [InlineData("reservationId", null)]
    [InlineData("departureDate", "02/12/2026")]
    public async Task An_invalid_field_is_400_naming_the_field(string field, string? value)
    {
        var body = JsonSerializer.SerializeToNode(Guests.CheckIn(propertyId, Guests.NewKoreanPhone()))!;
        var (parent, name) = field.Split('.') is [var p, var n] ? (body[p]!, n) : (body, field);
        parent[name] = value;

        using var response = await api.PostCheckInAsync(hotelKey, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Unparseable_json_is_400_naming_where_it_broke()
    {
        using var response = await PostRawAsync(hotelKey, """{"propertyId":"x","guest":{"doNotContact":"maybe"}}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("guest.doNotContact", out _), problem.ToString());
        AssertNamesNoDotnetType(problem.ToString());
    }

    [Fact]
    public async Task A_checkin_ten_years_old_is_accepted_and_recorded_as_suppressed_stale_and_nothing_is_sent()
    {
        var phone = Guests.NewKoreanPhone();
        var tenYearsAgo = DateTimeOffset.UtcNow.AddYears(-10);
        var body = JsonSerializer.SerializeToNode(Guests.CheckIn(propertyId, phone, checkedInAt: tenYearsAgo.ToString("O")))!;
        body["departureDate"] = tenYearsAgo.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await api.CheckInAsync(hotelKey, body);

        var notification = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.Equal(("suppressed", "stale"), (notification.Status, notification.Reason));
        Assert.Empty(await api.SandboxMessagesAsync(phone));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z")]
    public async Task A_checkin_dated_before_2000_is_400_naming_checkedInAt(string checkedInAt)
    {
        var problem = await AssertProblemAsync(await api.PostCheckInAsync(hotelKey, Guests.CheckIn(propertyId, Guests.NewKoreanPhone(), checkedInAt: checkedInAt)),
            HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("checkedInAt", out _), problem.ToString());
    }

    [Fact]
    public async Task A_checkin_further_ahead_than_the_clock_skew_is_400_naming_checkedInAt_and_one_within_it_is_accepted()
    {
        static string InMinutes(int minutes) => DateTimeOffset.UtcNow.AddMinutes(minutes).ToString("O");

        var problem = await AssertProblemAsync(await api.PostCheckInAsync(hotelKey, Guests.CheckIn(propertyId, Guests.NewKoreanPhone(), checkedInAt: InMinutes(10))),
            HttpStatusCode.BadRequest);
        Assert.Contains("future", problem.GetProperty("errors").GetProperty("checkedInAt")[0].GetString());
        await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, Guests.NewKoreanPhone(), checkedInAt: InMinutes(2)));
    }

    [Fact]
    public async Task A_departure_more_than_a_year_after_the_checkin_is_400_naming_departureDate()
    {
        var body = JsonSerializer.SerializeToNode(Guests.CheckIn(propertyId, Guests.NewKoreanPhone()))!;
        body["departureDate"] = "9999-12-31";

        var problem = await AssertProblemAsync(await api.PostCheckInAsync(hotelKey, body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("departureDate", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"propertyId":"P","propertyId":"Q"}""", "propertyId")]
    [InlineData("""{"guest":{"phone":"+82 10-2345-6789","phone":"+84 90 123 4567"}}""", "guest.phone")]
    [InlineData("""{"guest":{"phone":"+82 10-2345-6789","Phone":"+84 90 123 4567"}}""", "guest.Phone")]
    [InlineData("""{"extra":1,"extra":2}""", "extra")]
    public async Task A_property_given_twice_is_400_naming_it(string json, string field)
    {
        var problem = await AssertProblemAsync(await PostRawAsync(hotelKey, json), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Contains("more than once", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_saying_what_the_field_expects_without_naming_dotnet_types()
    {
        foreach (var (json, field, expected) in new[]
                 {
                     ("""{"guest":{"doNotContact":"maybe"}}""", "guest.doNotContact", "true or false"),
                     ("""{"guest":"Kim"}""", "guest", "an object"),
                     ("""{"checkedInAt":42}""", "checkedInAt", "a string"),
                     ("[1]", "$", "an object"),
                 })
        {
            var problem = await AssertProblemAsync(await PostRawAsync(hotelKey, json), HttpStatusCode.BadRequest);

            var detail = problem.GetProperty("detail").GetString()!;
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            Assert.Contains(expected, detail);
            AssertNamesNoDotnetType(problem.ToString());
        }
    }

    internal static void AssertNamesNoDotnetType(string problem)
    {
        foreach (var dotnet in new[] { "System.", "Nullable", "Geofence.", "CheckInRequest", "Int32", "Boolean", "`1" })
            Assert.DoesNotContain(dotnet, problem);
    }

    [Fact]
    public async Task Truncated_json_is_400()
    {
        using var response = await PostRawAsync(hotelKey, """{"propertyId":""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        var checkIn = Guests.CheckIn(propertyId, Guests.NewKoreanPhone(), firstName: new string('a', 70_000));

        using var response = await api.PostCheckInAsync(hotelKey, checkIn);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task No_api_key_is_401()
    {
        using var response = await api.Ingest.PostAsJsonAsync("/api/v1/checkins", Guests.CheckIn(propertyId, Guests.NewKoreanPhone()));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_unknown_api_key_is_401()
    {
        using var response = await api.PostCheckInAsync("gfhotel_not-a-key", Guests.CheckIn(propertyId, Guests.NewKoreanPhone()));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Posting_for_another_hotels_property_is_403()
    {
        using var response = await api.PostCheckInAsync(hotelKey, Guests.CheckIn("SOMEONE-ELSE", Guests.NewKoreanPhone()));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_admin_key_cannot_post_checkins()
    {
        using var response = await api.PostCheckInAsync(api.AdminKey, Guests.CheckIn(propertyId, Guests.NewKoreanPhone()));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private async Task<HttpResponseMessage> PostRawAsync(string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkins")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", key);
        return await api.Ingest.SendAsync(request);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
