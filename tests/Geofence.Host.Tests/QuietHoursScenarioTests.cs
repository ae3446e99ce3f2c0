using System.Globalization;
using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>Quiet hours through the real path: Admin's policy, a check-in over HTTP, the Notifier's schedule, the report.</summary>
public sealed class QuietHoursScenarioTests
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    [Fact]
    public async Task A_checkin_inside_quiet_hours_that_the_department_extended_to_checkins_is_reported_deferred_and_sent_when_they_end()
    {
        await using var system = await EmbeddedHostProcess.StartAsync();
        // A one-minute window that starts this minute: late in a minute, wait for the next one so the check-in falls inside.
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Vietnam);
        if (now.Second > 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
            now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Vietnam);
        }
        var start = new TimeOnly(now.Hour, now.Minute);
        var end = start.AddMinutes(1);
        var windowEnds = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, now.Offset).AddMinutes(1);
        await system.Api.PutPolicyAsync(new
        {
            note = "test: quiet for one minute, check-ins included",
            app = new { name = "Bluezone", androidUrl = "https://play.google.com/store/apps/details?id=com.mic.bluezone", iosUrl = "https://apps.apple.com/vn/app/bluezone/id1508062685" },
            quietHours = new
            {
                start = start.ToString("HH:mm", CultureInfo.InvariantCulture), end = end.ToString("HH:mm", CultureInfo.InvariantCulture),
                timeZone = "Asia/Ho_Chi_Minh", channels = new[] { "sms", "zalo" }, triggers = new[] { "checkin" },
            },
            caps = new { per24Hours = 3, per30Days = 6 },
            reminders = new { after = "P2D", max = 2, visitEndsAfter = "P3D" },
        });
        await Task.Delay(TimeSpan.FromSeconds(2)); // the change reaches the Notifier over the bus
        var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..20];
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phone = Guests.NewKoreanPhone();

        await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone));

        var deferred = Assert.Single(await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone),
            items => items.Any(n => n.Status == "deferred"), $"the deferred arrival message for {phone}"));
        Assert.Equal(("checkin", windowEnds.UtcDateTime), (deferred.Trigger, deferred.DueAt?.ToUniversalTime()));
        Assert.Empty(await system.Api.SandboxMessagesAsync(phone));

        var sent = Assert.Single(await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone),
            items => items.Any(n => n.Status == "sent"), $"the arrival message for {phone} after the window", TimeSpan.FromSeconds(120)));
        Assert.Equal(deferred.Id, sent.Id);
        Assert.True(sent.SentAt >= windowEnds.UtcDateTime, $"sent at {sent.SentAt:O}, before the window ended at {windowEnds:O}");
        await Task.Delay(1000); // give a wrongly doubled message time to show up
        Assert.Single(await system.Api.SandboxMessagesAsync(phone));
    }
}
