using System.Diagnostics;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests.FailureDrills;

/// <summary>
/// Failure drill: while check-ins and pings flow, each service in turn (Admin, Ingest, Detector, Notifier, Dispatcher) is
/// killed with SIGKILL and started again as a supervisor would, the traffic going on through each outage. One system for
/// the five, so that the drill costs one start-up.
/// </summary>
public sealed class ServiceKillDrill
{
    [Fact]
    public async Task Each_service_killed_in_turn_while_checkins_and_pings_flow_loses_no_message_and_doubles_none()
    {
        TestInfrastructure.RequireServers();
        var ct = TestContext.Current.CancellationToken;
        await using var system = await DistributedGeofence.StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var load = await DrillLoad.PrepareAsync(system.Api);
        (string Name, ServiceProcess Process)[] victims =
            [("Admin", system.Admin), ("Ingest", system.Ingest), ("Detector", system.Detectors[0]), ("Notifier", system.Notifier), ("Dispatcher", system.Dispatcher)];
        var killed = victims.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        var sending = load.SendAsync([.. killed.Select(k => k.Task)], ct);
        var recoveries = new List<string>();
        foreach (var ((name, process), i) in victims.Select((v, i) => (v, i)))
        {
            var down = Stopwatch.StartNew();
            await process.KillAsync();
            killed[i].SetResult(); // the traffic goes on while the service is down and starting
            await process.RestartAsync();
            recoveries.Add($"{name} ready {down.Elapsed.TotalSeconds:F1} s after the kill");
        }
        await sending.WaitAsync(TimeSpan.FromMinutes(15), ct);

        var (sent, lost, doubled) = await load.CountAsync(TimeSpan.FromMinutes(6));
        TestContext.Current.TestOutputHelper?.WriteLine(load.Figures("kill -9 of each service in turn", sent, lost, doubled, string.Join("; ", recoveries)));
        Assert.Equal(0, lost);
        Assert.Equal(0, doubled);
        Assert.Equal(load.AcceptedPhones.Count + load.Devices, sent);
    }
}
