using System.Collections.Concurrent;
using System.Diagnostics;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests.FailureDrills;

/// <summary>
/// A RabbitMQ node and a PostgreSQL server of the drill's own (<c>infra/drill-servers.sh</c>), which it stops and starts
/// while the shared test servers stay up for every other test. The script holds them until its stdin closes, so they go
/// away with the drill even if the test process dies.
/// </summary>
public sealed class DrillServers : IAsyncDisposable
{
    private readonly Process script;
    private readonly ConcurrentQueue<string> log;
    private readonly Dictionary<string, string> settings;

    private DrillServers(Process script, ConcurrentQueue<string> log, Dictionary<string, string> settings) =>
        (this.script, this.log, this.settings) = (script, log, settings);

    public static async Task<DrillServers> StartAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "infra", "drill-servers.sh")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var script = Process.Start(start) ?? throw new InvalidOperationException("infra/drill-servers.sh did not start");
        var log = new ConcurrentQueue<string>();
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        script.BeginErrorReadLine();
        var settings = new Dictionary<string, string>();
        var servers = new DrillServers(script, log, settings);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await script.StandardOutput.ReadLineAsync(patience.Token) is { } line && line != "ready")
        {
            var (key, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            settings[key] = value;
        }
        if (settings.Count < 3)
        {
            await servers.DisposeAsync();
            throw new InvalidOperationException($"infra/drill-servers.sh did not start its servers:{Environment.NewLine}{servers.Log}");
        }
        return servers;
    }

    /// <summary>What the script and the servers' tools printed (stderr).</summary>
    public string Log => string.Join(Environment.NewLine, log);

    public Task<RabbitVirtualHost> CreateVirtualHostAsync() =>
        TestInfrastructure.CreateVirtualHostAsync("127.0.0.1", settings["RABBITMQ_PORT"], settings["RABBITMQ_MANAGEMENT_PORT"]);

    public Task<PostgresDatabase> CreateDatabaseAsync() => TestInfrastructure.CreateDatabaseAsync(settings["POSTGRES"]);

    public Task StopRabbitMqAsync() => RunAsync("stop-rabbitmq");

    public Task StartRabbitMqAsync() => RunAsync("start-rabbitmq");

    public Task StopPostgresAsync() => RunAsync("stop-postgres");

    public Task StartPostgresAsync() => RunAsync("start-postgres");

    private async Task RunAsync(string command)
    {
        await script.StandardInput.WriteLineAsync(command);
        await script.StandardInput.FlushAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var answer = await script.StandardOutput.ReadLineAsync(patience.Token);
        if (answer != $"ok {command}") throw new InvalidOperationException($"{command}: {answer}{Environment.NewLine}{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        script.StandardInput.Close(); // the script stops both servers and removes their folders
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try { await script.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { script.Kill(entireProcessTree: true); }
        script.Dispose();
    }
}
