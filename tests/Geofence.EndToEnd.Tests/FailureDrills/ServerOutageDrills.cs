using System.Diagnostics;
using System.Net;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests.FailureDrills;

/// <summary>
/// Failure drills: while check-ins and pings flow, the broker or the database is stopped for 30 s and started again on the
/// same port, as an operator restarting it would. The services are left alone: they must say so on <c>/health/ready</c>
/// (503) while it is down, reconnect by themselves, and lose or double no message.
/// </summary>
public sealed class ServerOutageDrills
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public Task RabbitMQ_stopped_for_30_s_while_checkins_and_pings_flow_loses_no_message_and_doubles_none() =>
        DrillAsync("RabbitMQ stopped for 30 s", s => s.StopRabbitMqAsync(), s => s.StartRabbitMqAsync());

    [Fact]
    public Task PostgreSQL_stopped_for_30_s_while_checkins_and_pings_flow_loses_no_message_and_doubles_none() =>
        DrillAsync("PostgreSQL stopped for 30 s", s => s.StopPostgresAsync(), s => s.StartPostgresAsync());

    private static async Task DrillAsync(string drill, Func<DrillServers, Task> stop, Func<DrillServers, Task> start)
    {
        TestInfrastructure.RequireServers();
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await DrillServers.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(await servers.CreateVirtualHostAsync(), await servers.CreateDatabaseAsync());
        await system.Api.ImportRealGeofencesAsync();
        var load = await DrillLoad.PrepareAsync(system.Api);
        (string Name, ServiceProcess Process)[] services =
            [("Admin", system.Admin), ("Ingest", system.Ingest), ("Detector", system.Detectors[0]), ("Notifier", system.Notifier), ("Dispatcher", system.Dispatcher)];
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // Half the traffic, then the outage with the other half flowing through it.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = load.SendAsync([stopped.Task], ct);
        await stop(servers);
        stopped.SetResult();
        var down = Stopwatch.StartNew();
        var unready = new HashSet<string>();
        while (down.Elapsed < Outage)
        {
            foreach (var (name, process) in services)
                if (await ReadyStatusAsync(probe, process, ct) == HttpStatusCode.ServiceUnavailable) unready.Add(name);
            await Task.Delay(500, ct);
        }
        await start(servers);
        var restarted = Stopwatch.StartNew();
        var waiting = services.ToList();
        while (waiting.Count > 0 && restarted.Elapsed < TimeSpan.FromMinutes(3))
        {
            foreach (var service in waiting.ToArray())
                if (await ReadyStatusAsync(probe, service.Process, ct) == HttpStatusCode.OK) waiting.Remove(service);
            if (waiting.Count > 0) await Task.Delay(250, ct);
        }
        var recovery = restarted.Elapsed;
        await sending.WaitAsync(TimeSpan.FromMinutes(15), ct);

        var (sent, lost, doubled) = await load.CountAsync(TimeSpan.FromMinutes(6));
        TestContext.Current.TestOutputHelper?.WriteLine(load.Figures(drill, sent, lost, doubled,
            $"all five ready {recovery.TotalSeconds:F1} s after the restart; /health/ready 503 during the outage: {string.Join(", ", unready)}"));
        Assert.Equal(services.Select(s => s.Name), services.Select(s => s.Name).Where(unready.Contains));
        Assert.Empty(waiting.Select(s => s.Name));
        Assert.Equal(0, lost);
        Assert.Equal(0, doubled);
        Assert.Equal(load.AcceptedPhones.Count + load.Devices, sent);
    }

    /// <summary>The status of the service's <c>/health/ready</c>, or null when it gives no answer.</summary>
    private static async Task<HttpStatusCode?> ReadyStatusAsync(HttpClient probe, ServiceProcess service, CancellationToken ct)
    {
        try
        {
            using var response = await probe.GetAsync(new Uri(service.BaseAddress, "/health/ready"), ct);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { return null; }
    }
}
