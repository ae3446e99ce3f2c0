using System.Net;
using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>
/// What hotel-supplied names and numbers can make us send, through the Host's HTTP API: the SMS the sandbox provider
/// took, the report's row, and the problem a bad number gets.
/// </summary>
public sealed class HostileGuestTextTests : IAsyncLifetime
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
    public async Task A_first_name_carrying_a_link_is_left_out_of_the_sms_and_its_report()
    {
        var phone = Guests.NewVietnamesePhone();

        var sms = await CheckInAndReadSmsAsync(phone, "Visit http://evil.example/pay now", "Smith");

        Assert.DoesNotContain("evil", sms.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Visit", sms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello", sms.Text, StringComparison.Ordinal); // the greeting is left out, not the last name put in
        var report = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.Contains(report.Status, (string[])["sent", "delivered"]);
        Assert.DoesNotContain("evil", report.Text!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("V***", report.Text!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_a_bidi_override_and_control_characters_is_greeted_cleaned()
    {
        var phone = Guests.NewVietnamesePhone();

        var sms = await CheckInAndReadSmsAsync(phone, "\u202EAn\u0007na\u0000 \t Maria\u200B", "Smith");

        Assert.StartsWith("Hello Anna Maria! ", sms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(sms.Text, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
        var report = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.StartsWith("Hello A*** M***! ", report.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_name_is_cut_in_the_sms_at_a_word()
    {
        var phone = Guests.NewVietnamesePhone();

        var sms = await CheckInAndReadSmsAsync(phone, "Maria Fernanda de los Angeles Garcia", "Lopez");

        Assert.StartsWith("Hello Maria Fernanda de los Angeles! ", sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_number_spelt_with_letters_is_400_naming_the_field()
    {
        using var response = await api.PostCheckInAsync(hotelKey, CheckIn("+84 90 CALL NOW", "Anna"));

        var problem = await CheckInApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("guest.phone", out var errors), problem.ToString());
        Assert.Contains("letters", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+84 24 3825 7531")] // a Hà Nội landline
    [InlineData("1900 1234")] // a premium-rate service number
    public async Task A_landline_or_premium_number_is_suppressed_not_mobile_and_nothing_is_sent(string number)
    {
        Assert.True(Privacy.PhoneNumber.TryNormalize(number, out var phone), number);

        await api.CheckInAsync(hotelKey, CheckIn(number, "Anna"));

        var report = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.Equal(("suppressed", "not-mobile"), (report.Status, report.Reason));
        Assert.Empty(await api.SandboxMessagesAsync(phone));
    }

    private object CheckIn(string phone, string firstName, string lastName = "Smith") => new
    {
        propertyId,
        reservationId = $"R-{Guid.NewGuid():N}"[..12],
        checkedInAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        guest = new { firstName, lastName, phone, nationality = "GB", language = "en" },
    };

    private async Task<SandboxItem> CheckInAndReadSmsAsync(string phone, string firstName, string lastName)
    {
        await api.CheckInAsync(hotelKey, CheckIn(phone, firstName, lastName));
        var messages = await GeofenceApi.EventuallyAsync(() => api.SandboxMessagesAsync(phone), items => items.Length > 0, $"an SMS to {phone}");
        var sms = Assert.Single(messages);
        Assert.Equal("sms", sms.Channel);
        return sms;
    }
}
