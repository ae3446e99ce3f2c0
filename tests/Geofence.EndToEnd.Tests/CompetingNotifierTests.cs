using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

public sealed class CompetingNotifierTests
{
    [Fact]
    public async Task Two_notifier_replicas_racing_on_guests_checking_in_at_two_hotels_at_once_send_one_message_each()
    {
        TestInfrastructure.RequireServers();
        await using var system = await DistributedGeofence.StartAsync(notifierReplicas: 2);
        var (first, second) = ($"HOTEL-{Guid.NewGuid():N}"[..20], $"HOTEL-{Guid.NewGuid():N}"[..20]);
        var firstKey = await system.Api.RegisterHotelAsync(first, "56");
        var secondKey = await system.Api.RegisterHotelAsync(second, "56");
        var phones = Enumerable.Range(0, 25).Select(_ => Guests.NewKoreanPhone()).ToArray();

        await Task.WhenAll(phones.SelectMany(phone => new[]
        {
            system.Api.CheckInAsync(firstKey, Guests.CheckIn(first, phone)),
            system.Api.CheckInAsync(secondKey, Guests.CheckIn(second, phone)),
            system.Api.CheckInAsync(secondKey, Guests.CheckIn(second, phone), $"pms-retry-{phone}"),
        }));

        foreach (var phone in phones) await system.Api.SettledNotificationsAsync(phone);
        await Task.Delay(1000);
        foreach (var phone in phones)
        {
            Assert.Single(await system.Api.NotificationsAsync(phone));
            Assert.Single(await system.Api.SandboxMessagesAsync(phone));
        }
    }
}
