using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>POST /api/v1/checkins/batch and /api/v1/checkins/csv: a PMS's arrival wave and a guesthouse's guest list.</summary>
public sealed class CheckInBatchApiTests : IAsyncLifetime
{
    private const string Header = "reservationId,firstName,lastName,phone,nationality,language,checkedInAt,departureDate";
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
    public async Task A_batch_accepts_each_valid_item_and_answers_each_invalid_one_by_index_with_its_fields()
    {
        string first = Guests.NewKoreanPhone(), third = Guests.NewKoreanPhone();
        var invalid = JsonSerializer.SerializeToNode(Guests.CheckIn(propertyId, "+84 12"))!;

        var items = await PostBatchAsync(Guests.CheckIn(propertyId, first), invalid, Guests.CheckIn(propertyId, third));

        Assert.Equal([202, 400, 202], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal([0, 1, 2], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.True(items[1].GetProperty("errors").TryGetProperty("guest.phone", out _), items[1].ToString());
        Assert.NotEqual(items[0].GetProperty("checkinId").GetGuid(), items[2].GetProperty("checkinId").GetGuid());
        foreach (var phone in new[] { first, third })
            Assert.Equal("sent", Assert.Single(await api.SettledNotificationsAsync(phone)).Status);
    }

    [Fact]
    public async Task The_same_batch_posted_twice_answers_the_same_checkin_ids_and_each_guest_gets_one_message()
    {
        var phones = Enumerable.Range(0, 20).Select(_ => Guests.NewKoreanPhone()).Distinct().ToArray();
        var checkIns = phones.Select(p => Guests.CheckIn(propertyId, p, reservationId: $"R-{p}")).ToArray();

        var first = await PostBatchAsync(checkIns);
        var second = await PostBatchAsync(checkIns);

        Assert.Equal(first.Select(i => i.GetProperty("checkinId").GetGuid()), second.Select(i => i.GetProperty("checkinId").GetGuid()));
        Assert.All(second, i => Assert.Equal(202, i.GetProperty("status").GetInt32()));
        foreach (var phone in phones)
        {
            Assert.Single(await api.SettledNotificationsAsync(phone));
            Assert.Single(await api.SandboxMessagesAsync(phone));
        }
    }

    [Fact]
    public async Task A_check_in_given_twice_in_one_batch_and_one_posted_alone_before_are_the_same_check_in()
    {
        var phone = Guests.NewKoreanPhone();
        var checkIn = Guests.CheckIn(propertyId, phone);
        var alone = await api.CheckInAsync(hotelKey, checkIn);

        var items = await PostBatchAsync(checkIn, checkIn);

        Assert.All(items, i => Assert.Equal(alone, i.GetProperty("checkinId").GetGuid()));
        Assert.Single(await api.SettledNotificationsAsync(phone));
    }

    [Fact]
    public async Task An_item_for_another_property_is_400_naming_propertyId_and_the_others_are_accepted()
    {
        var items = await PostBatchAsync(Guests.CheckIn("SOMEONE-ELSE", Guests.NewKoreanPhone()), Guests.CheckIn(propertyId, Guests.NewKoreanPhone()));

        Assert.Equal([400, 202], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.True(items[0].GetProperty("errors").TryGetProperty("propertyId", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task A_batch_with_no_items_or_more_than_500_is_400_naming_items(int count)
    {
        var checkIns = Enumerable.Range(0, count).Select(i => Guests.CheckIn(propertyId, Guests.NewKoreanPhone())).ToArray();

        using var response = await SendAsync("/api/v1/checkins/batch", JsonContent.Create(new { items = checkIns }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("items", out _), problem.ToString());
    }

    [Fact]
    public async Task A_wrong_type_inside_an_item_is_400_naming_the_item_and_field()
    {
        using var response = await SendAsync("/api/v1/checkins/batch",
            new StringContent("""{"items":[{"reservationId":"R-1"},{"guest":{"phone":12}}]}""", Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[1].guest.phone", out _), problem.ToString());
    }

    [Fact]
    public async Task A_guest_list_accepts_the_good_rows_and_names_each_rejected_line_and_why()
    {
        string good = Guests.NewKoreanPhone(), quoted = Guests.NewKoreanPhone();
        var csv = "\uFEFF" + Header + "\r\n" +
                  Row("R-1", "Min-jun", good) +
                  Row("R-2", "Ji-woo", "+84 12") +
                  // A quoted last name holding a comma and a line break: the next row starts two lines further down.
                  $"R-3,Seo-yeon,\"Park, \r\nthe younger\",{quoted},KR,ko,{Guests.CheckInTimePlus(TimeSpan.Zero)},{Departure}\r\n" +
                  "R-4,Only,Three\r\n" +
                  $"R-5,Ha-eun,Lee,{Guests.NewKoreanPhone()},KR,ko,yesterday,{Departure}\r\n" +
                  "\r\n";

        var result = await PostCsvAsync(csv);

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(0, result.GetProperty("duplicates").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToArray();
        Assert.Equal([3, 6, 7], rejected.Select(r => r.GetProperty("line").GetInt32()));
        Assert.StartsWith("phone:", rejected[0].GetProperty("reason").GetString());
        Assert.Contains("fields", rejected[1].GetProperty("reason").GetString());
        Assert.StartsWith("checkedInAt:", rejected[2].GetProperty("reason").GetString());
        foreach (var phone in new[] { good, quoted })
            Assert.Equal("sent", Assert.Single(await api.SettledNotificationsAsync(phone)).Status);
    }

    [Fact]
    public async Task The_same_guest_list_uploaded_twice_counts_every_row_as_a_duplicate_and_messages_each_guest_once()
    {
        var phones = Enumerable.Range(0, 5).Select(_ => Guests.NewKoreanPhone()).Distinct().ToArray();
        var csv = Header + "\n" + string.Concat(phones.Select((p, i) => Row($"R-{i}", "Guest", p)));

        var first = await PostCsvAsync(csv);
        var second = await PostCsvAsync(csv);

        Assert.Equal((phones.Length, 0), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, phones.Length), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        foreach (var phone in phones)
        {
            Assert.Equal("sent", Assert.Single(await api.SettledNotificationsAsync(phone)).Status);
            Assert.Single(await api.SandboxMessagesAsync(phone));
        }
    }

    [Fact]
    public async Task A_guest_list_with_its_columns_in_another_order_separated_by_semicolons_with_a_do_not_contact_column_is_understood()
    {
        string willing = Guests.NewKoreanPhone(), unwilling = Guests.NewKoreanPhone();
        var at = Guests.CheckInTimePlus(TimeSpan.Zero);
        var csv = "phone;room;checkedInAt;departureDate;reservationId;firstName;lastName;nationality;language;doNotContact\n" +
                  $"{willing};101;{at};{Departure};R-1;An;Nguyen;KR;ko;no\n" +
                  $"{unwilling};102;{at};{Departure};R-2;Binh;Tran;KR;ko;yes\n";

        var result = await PostCsvAsync(csv);

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal("sent", Assert.Single(await api.SettledNotificationsAsync(willing)).Status);
        Assert.Single(await api.SandboxMessagesAsync(willing));
        var told = Assert.Single(await api.SettledNotificationsAsync(unwilling));
        Assert.Equal(("suppressed", "do-not-contact"), (told.Status, told.Reason));
        Assert.Empty(await api.SandboxMessagesAsync(unwilling));
    }

    [Theory]
    [InlineData("reservationId,firstName,phone\nR-1,A,+821012345678\n", "header")]
    [InlineData("", "body")]
    [InlineData(Header + "\nR-1,\"unclosed,B,+821012345678,KR,ko,x,y\n", "body")]
    public async Task A_guest_list_without_its_header_empty_or_not_csv_is_400_naming_what_is_wrong(string csv, string field)
    {
        using var response = await SendAsync("/api/v1/checkins/csv", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_guest_list_that_is_not_utf8_is_400_and_one_sent_as_json_is_415()
    {
        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes(Header + "\nR-1,Jos"), 0xE9, (byte)'\n']);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var notUtf8 = await SendAsync("/api/v1/checkins/csv", latin1);
        using var json = await SendAsync("/api/v1/checkins/csv", JsonContent.Create(new { items = Array.Empty<object>() }));

        var problem = await AssertProblemAsync(notUtf8, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
        await AssertProblemAsync(json, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Without_a_hotel_key_neither_endpoint_accepts_anything()
    {
        var feedKey = await api.RegisterFeedAsync($"app-{Guid.NewGuid():N}"[..16]);
        using var batch = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkins/batch")
        { Content = JsonContent.Create(new { items = new[] { Guests.CheckIn(propertyId, Guests.NewKoreanPhone()) } }) };
        batch.Headers.Add("X-Api-Key", feedKey);
        using var csv = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkins/csv") { Content = new StringContent(Header + "\n", Encoding.UTF8, "text/csv") };

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Ingest.SendAsync(batch)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Ingest.SendAsync(csv)).StatusCode);
    }

    private static string Departure => Guests.CheckInTime.AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Row(string reservationId, string firstName, string phone) =>
        $"{reservationId},{firstName},Kim,{phone},KR,ko,{Guests.CheckInTimePlus(TimeSpan.Zero)},{Departure}\r\n";

    private async Task<JsonElement[]> PostBatchAsync(params object[] checkIns)
    {
        using var response = await SendAsync("/api/v1/checkins/batch", JsonContent.Create(new { items = checkIns }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToArray();
    }

    private async Task<JsonElement> PostCsvAsync(string csv)
    {
        using var response = await SendAsync("/api/v1/checkins/csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SendAsync(string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Api-Key", hotelKey);
        return await api.Ingest.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
