using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

public sealed class DetectorFailoverTests
{
    private static readonly (double Lat, double Lon) China = (23.40, 103.70), SaPa = (22.3364, 103.8438);

    [Fact]
    public async Task A_detector_replica_killed_mid_trail_loses_no_arrival_and_doubles_none()
    {
        TestInfrastructure.RequireServers();
        await using var system = await DistributedGeofence.StartAsync(detectorReplicas: 2);
        await system.Api.ImportRealGeofencesAsync();
        var feed = await system.Api.RegisterFeedAsync($"app-{Guid.NewGuid():N}"[..16]);
        var devices = Enumerable.Range(0, 40).Select(i => $"failover-{i}-{Guid.NewGuid():N}"[..24]).ToArray();
        foreach (var device in devices) await system.Api.RegisterDeviceAsync(feed, device, pushToken: $"token-{device}");
        var start = DateTimeOffset.UtcNow.AddHours(-2);

        // Each device walks from China into Lào Cai, one ping per request, while the active Detector dies.
        var halfway = new TaskCompletionSource();
        var walking = Task.Run(async () =>
        {
            for (var step = 0; step < 6; step++)
            {
                foreach (var device in devices)
                {
                    var (lat, lon) = step < 3 ? China : SaPa;
                    await system.Api.PingAsync(feed, new Ping(device, lat + step * 0.0001, lon, start.AddMinutes(step * 10)));
                }
                if (step == 3) halfway.TrySetResult();
            }
        });
        await halfway.Task.WaitAsync(GeofenceApi.Patience);
        await system.Detectors[0].KillAsync();
        await walking;

        foreach (var device in devices)
        {
            await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsForDeviceAsync(device),
                items => items.Length > 0 && items.All(n => n.Status == "sent"), $"the push for {device}");
        }
        await Task.Delay(1000);
        foreach (var device in devices)
        {
            var notification = Assert.Single(await system.Api.NotificationsForDeviceAsync(device));
            Assert.Equal("15", notification.ProvinceCode);
            Assert.Single(await system.Api.SandboxMessagesForDeviceAsync(device));
        }
    }
}
