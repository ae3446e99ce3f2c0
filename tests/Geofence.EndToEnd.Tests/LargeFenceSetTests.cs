using Geofence.Testing;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>The official 63-province boundaries (megabytes of GeoJSON) reach the Detectors by claim check, not in a message.</summary>
public sealed class LargeFenceSetTests
{
    private const int MaxBodyBytes = 256 * 1024;

    [Fact]
    public async Task The_63_province_boundaries_reach_every_Detector_through_messages_far_under_the_limit_on_RabbitMQ_and_PostgreSQL()
    {
        TestInfrastructure.RequireServers();
        await using var system = await DistributedGeofence.StartAsync(detectorReplicas: 2);

        var fences = await system.Api.ImportProvinceFileAsync("vn-provinces-63.geojson");

        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var largest = await ScalarAsync(connection, """SELECT max(octet_length("Body")) FROM admin_outbox""");
        var payload = await ScalarAsync(connection, """SELECT max(octet_length("Bytes")) FROM messaging_message_data""");
        TestContext.Current.TestOutputHelper?.WriteLine($"63 provinces ({fences} fences): outbox body {largest} bytes, claim-checked set {payload} bytes");
        Assert.InRange(largest, 1, MaxBodyBytes);
        Assert.True(payload > MaxBodyBytes, $"the set is {payload} bytes");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
