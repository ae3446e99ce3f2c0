using System.Diagnostics;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests.FailureDrills;

/// <summary>
/// Failure drill: one service killed with SIGKILL halfway through the traffic and started again by its supervisor.
/// One class per service, so that the five drills run beside each other.
/// </summary>
public abstract class ServiceKillDrill(string service)
{
    protected abstract ServiceProcess Victim(DistributedGeofence system);

    [Fact]
    public async Task A_service_killed_while_checkins_and_pings_flow_loses_no_message_and_doubles_none()
    {
        TestInfrastructure.RequireServers();
        var ct = TestContext.Current.CancellationToken;
        await using var system = await DistributedGeofence.StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var load = await DrillLoad.PrepareAsync(system.Api);

        var halfway = new TaskCompletionSource();
        var sending = load.SendAsync(halfway, ct);
        await halfway.Task.WaitAsync(TimeSpan.FromMinutes(5), ct);
        var down = Stopwatch.StartNew();
        await Victim(system).CrashAndRestartAsync();
        var restarted = down.Elapsed;
        await sending;

        var (sent, lost, doubled) = await load.CountAsync(TimeSpan.FromMinutes(3));
        TestContext.Current.TestOutputHelper?.WriteLine(load.Figures($"kill -9 {service}", sent, lost, doubled,
            $"n/a while dead, 200 after (restarted and ready {restarted.TotalSeconds:F1} s after the kill)"));
        Assert.Equal(0, lost);
        Assert.Equal(0, doubled);
    }
}

public sealed class AdminKillDrill() : ServiceKillDrill("Admin")
{
    protected override ServiceProcess Victim(DistributedGeofence system) => system.Admin;
}

public sealed class IngestKillDrill() : ServiceKillDrill("Ingest")
{
    protected override ServiceProcess Victim(DistributedGeofence system) => system.Ingest;
}

public sealed class DetectorKillDrill() : ServiceKillDrill("Detector")
{
    protected override ServiceProcess Victim(DistributedGeofence system) => system.Detectors[0];
}

public sealed class NotifierKillDrill() : ServiceKillDrill("Notifier")
{
    protected override ServiceProcess Victim(DistributedGeofence system) => system.Notifier;
}

public sealed class DispatcherKillDrill() : ServiceKillDrill("Dispatcher")
{
    protected override ServiceProcess Victim(DistributedGeofence system) => system.Dispatcher;
}
