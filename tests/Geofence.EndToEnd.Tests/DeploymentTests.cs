using Geofence.Testing;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>What an operator does at deployment: migrate as a step of its own, and find out at once when a setting is wrong.</summary>
public sealed class DeploymentTests
{
    private static Dictionary<string, string> Environment(PostgresDatabase database, RabbitVirtualHost virtualHost, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Auth__BootstrapAdminKey"] = $"test-admin-{Guid.NewGuid():N}",
            ["Privacy__PhoneHashKey"] = $"test-phone-key-{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in virtualHost.BusSettings.Concat(database.DatabaseSettings).Concat(extra.Select(e => KeyValuePair.Create(e.Key, e.Value))))
            environment[key] = value;
        return environment;
    }

    private static async Task<long> AppliedMigrationsAsync(PostgresDatabase database, string historyTable)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {historyTable}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task With_ApplyMigrations_off_a_service_refuses_a_schema_behind_then_starts_once_migrate_has_run()
    {
        await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        await using var database = await TestInfrastructure.CreateDatabaseAsync();
        var environment = Environment(database, virtualHost, ("Database__ApplyMigrations", "false"));

        var refused = await ServiceProcess.RunToExitAsync("Geofence.Notifier", environment);
        var migrated = await ServiceProcess.RunToExitAsync("Geofence.Notifier", environment, "--migrate");
        await using var started = await ServiceProcess.StartAsync("Geofence.Notifier", environment);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Geofence.Notifier cannot start: the notifier schema is behind this build", refused.Output);
        Assert.Contains("Run the service with --migrate first", refused.Output);
        Assert.Equal(0, migrated.ExitCode);
        Assert.Contains("notifier schema up to date, applied", migrated.Output);
        Assert.True(await AppliedMigrationsAsync(database, "notifier_migrations") >= 2);
        using var ready = await started.CreateClient().GetAsync("/health/ready");
        Assert.True(ready.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Migrate_run_twice_applies_nothing_the_second_time_and_the_script_for_a_DBA_names_every_table()
    {
        await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        await using var database = await TestInfrastructure.CreateDatabaseAsync();
        var environment = Environment(database, virtualHost);

        var first = await ServiceProcess.RunToExitAsync("Geofence.Dispatcher", environment, "--migrate");
        var second = await ServiceProcess.RunToExitAsync("Geofence.Dispatcher", environment, "--migrate");
        var script = await ServiceProcess.RunToExitAsync("Geofence.Dispatcher", environment, "--migrations-script");

        Assert.Equal((0, 0, 0), (first.ExitCode, second.ExitCode, script.ExitCode));
        Assert.Contains("dispatcher schema up to date, applied", first.Output);
        Assert.Contains("dispatcher schema up to date, nothing to apply", second.Output);
        Assert.Contains("CREATE TABLE dispatcher_deliveries", script.Output);
        Assert.Contains("dispatcher_migrations", script.Output);
    }

    [Theory]
    [InlineData("Geofence.Admin")]
    [InlineData("Geofence.Detector")]
    public async Task A_service_makes_no_outbound_call_it_is_not_configured_for(string project)
    {
        await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        await using var database = await TestInfrastructure.CreateDatabaseAsync();
        // Every HTTP client honours these: a call to any host but the configured ones would reach the listener.
        await using var proxy = RecordingProxy.Start();
        var environment = Environment(database, virtualHost,
            ("HTTPS_PROXY", proxy.Address), ("HTTP_PROXY", proxy.Address), ("ALL_PROXY", proxy.Address),
            ("https_proxy", proxy.Address), ("http_proxy", proxy.Address), ("all_proxy", proxy.Address),
            ("NO_PROXY", ""), ("no_proxy", ""),
            ("MASSTRANSIT_USAGE_TELEMETRY", "true")); // nor can an environment variable turn MassTransit's usage report back on

        await using (var service = await ServiceProcess.StartAsync(project, environment))
        {
            using var ready = await service.CreateClient().GetAsync("/health/ready");
            Assert.True(ready.IsSuccessStatusCode);
            await Task.Delay(TimeSpan.FromSeconds(5));
            // MassTransit 8.5 reports its usage 5 minutes after start, or at a graceful stop if that comes first.
            await service.StopAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Empty(proxy.Requests);
    }

    [Theory]
    [InlineData("Geofence.Detector", "Detector__Shards", "0", "Detector__Shards must be between 1 and 64.")]
    [InlineData("Geofence.Dispatcher", "Channels__Retry__MaxInterval", "00:00:00", "Channels__Retry__MaxInterval must be greater than zero")]
    [InlineData("Geofence.Ingest", "Outbox__BatchSize", "0", "Outbox__BatchSize must be between 1 and 10000.")]
    [InlineData("Geofence.Notifier", "Links__BaseUrl", "example.org", "Links__BaseUrl must be an absolute http or https URL")]
    public async Task A_setting_out_of_range_stops_the_service_at_start_naming_its_environment_variable(
        string project, string variable, string value, string message)
    {
        await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        await using var database = await TestInfrastructure.CreateDatabaseAsync();

        var (exitCode, output) = await ServiceProcess.RunToExitAsync(project, Environment(database, virtualHost, (variable, value)));

        Assert.Equal(1, exitCode);
        Assert.Contains($"{project} cannot start: ", output);
        Assert.Contains(message, output);
    }
}

/// <summary>A local TCP listener posing as a proxy: records the first line of every request (CONNECT host:443 ...) and answers 502.</summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpListener listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> requests = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? accepting;

    public string Address => $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
    public IReadOnlyCollection<string> Requests => requests.ToArray();

    public static RecordingProxy Start()
    {
        var proxy = new RecordingProxy();
        proxy.listener.Start();
        proxy.accepting = proxy.AcceptAsync();
        return proxy;
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            System.Net.Sockets.TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    requests.Enqueue("(connection)");
                    await using var stream = client.GetStream();
                    using var reader = new StreamReader(stream, leaveOpen: true);
                    if (await reader.ReadLineAsync(stopping.Token) is { } line) requests.Enqueue(line);
                    await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stopping.Token);
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        if (accepting is not null) await accepting;
        stopping.Dispose();
    }
}
