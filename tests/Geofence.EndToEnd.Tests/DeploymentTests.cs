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
    [InlineData("Geofence.Detector", "Detector__Shards", "0", "Detector__Shards must be between 1 and 64.")]
    [InlineData("Geofence.Dispatcher", "Channels__Retry__MaxInterval", "00:00:00", "Channels__Retry__MaxInterval must be greater than zero")]
    [InlineData("Geofence.Ingest", "Outbox__BatchSize", "0", "Outbox__BatchSize must be between 1 and 10000.")]
    [InlineData("Geofence.Notifier", "Templates__AndroidStoreUrl", "play store", "Templates__AndroidStoreUrl must be an absolute http or https URL")]
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
