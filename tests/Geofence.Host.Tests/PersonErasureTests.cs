using System.Net;
using System.Net.Http.Json;
using Geofence.Admin;
using Geofence.Admin.Notifications;
using Geofence.Admin.Persons;
using Geofence.Detector;
using Geofence.Detector.Persons;
using Geofence.Dispatcher;
using Geofence.Dispatcher.Persons;
using Geofence.Ingest;
using Geofence.Ingest.Persons;
using Geofence.Notifier;
using Geofence.Notifier.Persons;
using Geofence.Privacy;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>DELETE /api/v1/persons: a person erased in every service, the opt-out kept as a bare hash; and retention.</summary>
public sealed class PersonErasureTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public sealed record ServiceErasure(string Service, bool Confirmed, DateTime? ConfirmedAt, int? Rows);
    public sealed record Erasure(Guid Id, DateTime RequestedAt, bool Complete, ServiceErasure[] Services);

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static string NewPropertyId() => $"H-{Guid.NewGuid():N}"[..12];

    private async Task<Erasure> EraseAsync(string phone)
    {
        using var request = api.Admin(HttpMethod.Delete, $"/api/v1/persons?phone={Uri.EscapeDataString(phone)}");
        using var response = await api.AdminClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return await GeofenceApi.EventuallyAsync(async () =>
        {
            using var get = api.Admin(HttpMethod.Get, location);
            return (await (await api.AdminClient.SendAsync(get)).Content.ReadFromJsonAsync<Erasure>())!;
        }, e => e.Complete, "every service to confirm the erasure");
    }

    [Fact]
    public async Task An_erased_person_leaves_nothing_in_the_report_ledger_or_sandbox_stays_opted_out_and_another_person_is_untouched()
    {
        var (hotel, later) = (NewPropertyId(), NewPropertyId());
        var key = await api.RegisterHotelAsync(hotel, "22");
        var laterKey = await api.RegisterHotelAsync(later, "48");
        var (erased, kept) = (Guests.NewKoreanPhone(), Guests.NewKoreanPhone());
        await api.CheckInAsync(key, Guests.CheckIn(hotel, erased));
        await api.CheckInAsync(key, Guests.CheckIn(hotel, kept));
        await api.SettledNotificationsAsync(erased);
        await api.SettledNotificationsAsync(kept);
        (await api.RecordOptOutAsync(erased, "asked by phone")).EnsureSuccessStatusCode();
        var personKey = app.Services.GetRequiredService<PersonKeys>().ForPhone(erased);
        await GeofenceApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<NotifierDb>().OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey);
        }, active => active, "the Notifier to see the opt-out");

        var erasure = await EraseAsync(erased);

        Assert.Equal(["admin", "detector", "dispatcher", "ingest", "notifier"], erasure.Services.Select(s => s.Service));
        Assert.Empty(await api.NotificationsAsync(erased));
        Assert.Empty(await api.SandboxMessagesAsync(erased));
        Assert.Single(await api.NotificationsAsync(kept));
        Assert.Single(await api.SandboxMessagesAsync(kept));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var notifier = scope.ServiceProvider.GetRequiredService<NotifierDb>();
            Assert.False(await notifier.Visits.AnyAsync(v => v.PersonKey == personKey));
            Assert.False(await notifier.Sends.AnyAsync(s => s.PersonKey == personKey));
            Assert.False(await notifier.Schedule.AnyAsync(s => s.PersonKey == personKey));
            Assert.False(await notifier.Links.AnyAsync(l => l.PersonKey == personKey));
            Assert.False(await notifier.Outbox.AnyAsync(o => o.Body.Contains(personKey)));
        }
        var optOut = Assert.Single(await api.OptOutsAsync(erased));
        Assert.Null(optOut.Note);

        // Still opted out: a new arrival is suppressed.
        await api.CheckInAsync(laterKey, Guests.CheckIn(later, erased));
        var again = Assert.Single(await api.SettledNotificationsAsync(erased));
        Assert.Equal(("suppressed", "opted-out"), (again.Status, again.Reason));
    }

    [Fact]
    public async Task The_detector_forgets_where_an_erased_persons_devices_were_seen_and_keeps_other_devices()
    {
        var feedId = $"app-{Guid.NewGuid():N}"[..16];
        var feedKey = await api.RegisterFeedAsync(feedId);
        var (erased, kept) = (Guests.NewKoreanPhone(), Guests.NewKoreanPhone());
        var (erasedDevice, keptDevice) = ($"dev-{Guid.NewGuid():N}"[..20], $"dev-{Guid.NewGuid():N}"[..20]);
        await api.RegisterDeviceAsync(feedKey, erasedDevice, pushToken: null, phone: erased);
        await api.RegisterDeviceAsync(feedKey, keptDevice, pushToken: null, phone: kept);
        await api.PingAsync(feedKey, new Ping(erasedDevice, 21.0, 105.8, DateTimeOffset.UtcNow.AddMinutes(-5)),
            new Ping(keptDevice, 21.0, 105.8, DateTimeOffset.UtcNow.AddMinutes(-5)));
        string[] subjects = [$"{feedId}/{erasedDevice}", $"{feedId}/{keptDevice}"];
        await GeofenceApi.EventuallyAsync(() => SubjectsAsync(subjects), seen => seen.Length == 2, "the Detector to record both devices");
        await GeofenceApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<NotifierDb>().Devices.CountAsync(d => d.DeviceId == erasedDevice && d.PhoneKey != null);
        }, count => count == 1, "the Notifier to know the device's number");

        var erasure = await EraseAsync(erased);

        var detector = Assert.Single(erasure.Services, s => s.Service == "detector");
        Assert.Equal(1, detector.Rows);
        Assert.Equal([subjects[1]], await SubjectsAsync(subjects));
    }

    [Fact]
    public async Task Device_positions_older_than_the_retention_are_deleted_by_the_detector_and_newer_ones_kept()
    {
        var feedId = $"app-{Guid.NewGuid():N}"[..16];
        var feedKey = await api.RegisterFeedAsync(feedId);
        var (old, recent) = ($"dev-{Guid.NewGuid():N}"[..20], $"dev-{Guid.NewGuid():N}"[..20]);
        await api.PingAsync(feedKey, new Ping(old, 21.0, 105.8, DateTimeOffset.UtcNow.AddMinutes(-5)),
            new Ping(recent, 21.0, 105.8, DateTimeOffset.UtcNow.AddMinutes(-5)));
        string[] subjects = [$"{feedId}/{old}", $"{feedId}/{recent}"];
        await GeofenceApi.EventuallyAsync(() => SubjectsAsync(subjects), seen => seen.Length == 2, "the Detector to record both devices");
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DetectorDb>().Subjects.Where(s => s.Key == subjects[0])
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastAt, DateTime.UtcNow.AddDays(-181)));

        Assert.Equal(1, await app.Services.GetRequiredService<DetectorRetention>().SweepAsync(CancellationToken.None));

        Assert.Equal([subjects[1]], await SubjectsAsync(subjects));
    }

    private async Task<string[]> SubjectsAsync(string[] keys)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seen = await scope.ServiceProvider.GetRequiredService<DetectorDb>().Subjects.Where(s => keys.Contains(s.Key)).Select(s => s.Key).ToListAsync();
        return [.. keys.Where(seen.Contains)];
    }

    [Theory]
    [InlineData("")]
    [InlineData("?phone=12")]
    [InlineData("?phone=%2B84%2090%20CALL%20NOW")]
    public async Task Erasing_without_a_valid_number_is_400_naming_phone(string query)
    {
        using var request = api.Admin(HttpMethod.Delete, $"/api/v1/persons{query}");
        var problem = await AssertProblemAsync(await api.AdminClient.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_erasure_is_404_and_erasing_needs_the_admin_key()
    {
        using var unknown = api.Admin(HttpMethod.Get, $"/api/v1/persons/erasures/{Guid.NewGuid()}");
        await AssertProblemAsync(await api.AdminClient.SendAsync(unknown), HttpStatusCode.NotFound);
        var hotelKey = await api.RegisterHotelAsync(NewPropertyId(), "22");
        using var asHotel = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/persons?phone=%2B84901234567");
        asHotel.Headers.Add("X-Api-Key", hotelKey);
        using var refused = await api.AdminClient.SendAsync(asHotel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Report_rows_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        var now = DateTime.UtcNow;
        var (old, recent) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdminDb>();
            db.Notifications.Add(new NotificationReport { NotificationId = old, Status = "sent", CreatedAt = now.AddDays(-181) });
            db.Notifications.Add(new NotificationReport { NotificationId = recent, Status = "sent", CreatedAt = now.AddDays(-179) });
            await db.SaveChangesAsync();
        }

        Assert.True(await app.Services.GetRequiredService<AdminRetention>().SweepAsync(CancellationToken.None) >= 1);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ids = await scope.ServiceProvider.GetRequiredService<AdminDb>().Notifications.Select(n => n.NotificationId).ToListAsync();
            Assert.DoesNotContain(old, ids);
            Assert.Contains(recent, ids);
        }
    }

    [Fact]
    public async Task Ingest_Notifier_and_Dispatcher_rows_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        var hotel = NewPropertyId();
        var key = await api.RegisterHotelAsync(hotel, "22");
        var (old, recent) = (Guests.NewKoreanPhone(), Guests.NewKoreanPhone());
        var (oldReservation, recentReservation) = ($"R-{Guid.NewGuid():N}"[..12], $"R-{Guid.NewGuid():N}"[..12]);
        await api.CheckInAsync(key, Guests.CheckIn(hotel, old, reservationId: oldReservation));
        await api.CheckInAsync(key, Guests.CheckIn(hotel, recent, reservationId: recentReservation));
        var personKeys = app.Services.GetRequiredService<PersonKeys>();
        var oldGuest = (personKeys.ForPhone(old), Assert.Single(await api.SettledNotificationsAsync(old)).Id, oldReservation);
        var recentGuest = (personKeys.ForPhone(recent), Assert.Single(await api.SettledNotificationsAsync(recent)).Id, recentReservation);
        await GeofenceApi.EventuallyAsync(() => GuestRowsAsync(oldGuest), rows => rows.All(r => r > 0), "the old guest's row in every table");
        var recentBefore = await GuestRowsAsync(recentGuest);
        Assert.All(recentBefore, rows => Assert.True(rows > 0));

        var (longAgo, longAgoMs) = (DateTime.UtcNow.AddDays(-181), DateTimeOffset.UtcNow.AddDays(-181).ToUnixTimeMilliseconds());
        var (personKey, notificationId, reservation) = oldGuest;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (ingest, notifier, dispatcher) = (scope.ServiceProvider.GetRequiredService<IngestDb>(), scope.ServiceProvider.GetRequiredService<NotifierDb>(),
                scope.ServiceProvider.GetRequiredService<DispatcherDb>());
            await ingest.CheckIns.Where(c => c.ReservationId == reservation).ExecuteUpdateAsync(s => s.SetProperty(c => c.AcceptedAt, longAgo));
            await notifier.Visits.Where(v => v.PersonKey == personKey).ExecuteUpdateAsync(s => s.SetProperty(v => v.NotifiedAtMs, longAgoMs));
            await notifier.Decisions.Where(d => d.NotificationId == notificationId).ExecuteUpdateAsync(s => s.SetProperty(d => d.DecidedAt, longAgo));
            await notifier.Sends.Where(x => x.PersonKey == personKey).ExecuteUpdateAsync(s => s.SetProperty(x => x.AtMs, longAgoMs));
            await notifier.People.Where(p => p.PersonKey == personKey).ExecuteUpdateAsync(s => s.SetProperty(p => p.TouchedAtMs, longAgoMs));
            await notifier.Links.Where(l => l.PersonKey == personKey).ExecuteUpdateAsync(s => s.SetProperty(l => l.CreatedAt, longAgo));
            await dispatcher.SandboxMessages.Where(m => m.PersonKey == personKey).ExecuteUpdateAsync(s => s.SetProperty(m => m.RecordedAt, longAgo));
            await dispatcher.Deliveries.Where(d => d.NotificationId == notificationId).ExecuteUpdateAsync(s => s.SetProperty(d => d.CompletedAt, longAgo));
        }

        Assert.Equal(1, await app.Services.GetRequiredService<IngestRetention>().SweepAsync(CancellationToken.None));
        Assert.True(await app.Services.GetRequiredService<NotifierRetention>().SweepAsync(CancellationToken.None) >= 5);
        Assert.True(await app.Services.GetRequiredService<DispatcherRetention>().SweepAsync(CancellationToken.None) >= 2);

        Assert.All(await GuestRowsAsync(oldGuest), rows => Assert.Equal(0, rows));
        Assert.Equal(recentBefore, await GuestRowsAsync(recentGuest));
    }

    /// <summary>How many rows of the guest each covered table holds: Ingest's check-ins, the Notifier's ledger and links, the Dispatcher's.</summary>
    private async Task<int[]> GuestRowsAsync((string PersonKey, Guid NotificationId, string Reservation) guest)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (ingest, notifier, dispatcher) = (scope.ServiceProvider.GetRequiredService<IngestDb>(), scope.ServiceProvider.GetRequiredService<NotifierDb>(),
            scope.ServiceProvider.GetRequiredService<DispatcherDb>());
        return
        [
            await ingest.CheckIns.CountAsync(c => c.ReservationId == guest.Reservation),
            await notifier.Visits.CountAsync(v => v.PersonKey == guest.PersonKey),
            await notifier.Decisions.CountAsync(d => d.NotificationId == guest.NotificationId),
            await notifier.Sends.CountAsync(s => s.PersonKey == guest.PersonKey),
            await notifier.People.CountAsync(p => p.PersonKey == guest.PersonKey),
            await notifier.Links.CountAsync(l => l.PersonKey == guest.PersonKey),
            await dispatcher.SandboxMessages.CountAsync(m => m.PersonKey == guest.PersonKey),
            await dispatcher.Deliveries.CountAsync(d => d.NotificationId == guest.NotificationId),
        ];
    }
}
