using System.Net;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>The department's opt-out list with each service in its own process on RabbitMQ and PostgreSQL.</summary>
public sealed class OptOutTests
{
    [Fact]
    public async Task An_opt_out_staff_record_suppresses_the_next_arrival_and_once_lifted_the_person_is_messaged_again()
    {
        await using var system = await DistributedGeofence.StartAsync();
        var (hotel22, hotel48) = ($"H-{Guid.NewGuid():N}"[..12], $"H-{Guid.NewGuid():N}"[..12]);
        var key22 = await system.Api.RegisterHotelAsync(hotel22, "22");
        var key48 = await system.Api.RegisterHotelAsync(hotel48, "48");
        var phone = Guests.NewKoreanPhone();

        using (var recorded = await system.Api.RecordOptOutAsync(phone, "asked at the front desk"))
            Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
        var personKey = Assert.Single(await system.Api.OptOutsAsync(phone)).PersonKey;
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierHasActiveOptOutAsync(system, personKey), active => active,
            "the Notifier to record the opt-out");
        await system.Api.CheckInAsync(key22, Guests.CheckIn(hotel22, phone));
        var suppressed = Assert.Single(await system.Api.SettledNotificationsAsync(phone));
        Assert.Equal(("suppressed", "opted-out"), (suppressed.Status, suppressed.Reason));

        using (var lifted = await system.Api.LiftOptOutAsync(phone))
            Assert.Equal(HttpStatusCode.Accepted, lifted.StatusCode);
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierHasActiveOptOutAsync(system, personKey), active => !active,
            "the Notifier to lift the opt-out");
        await system.Api.CheckInAsync(key48, Guests.CheckIn(hotel48, phone));

        await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone), items => items.Any(n => n.Status == "sent"),
            "a message once the opt-out is lifted");
        Assert.Single(await system.Api.SandboxMessagesAsync(phone));
        Assert.False(Assert.Single(await system.Api.OptOutsAsync(phone, all: true)).Active);
    }
}
