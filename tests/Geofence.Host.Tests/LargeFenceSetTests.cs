using Geofence.Testing;
using Microsoft.Data.Sqlite;

namespace Geofence.Host.Tests;

/// <summary>On the embedded default too, the official 63-province boundaries reach the Detector by claim check (the SQLite file).</summary>
public sealed class LargeFenceSetTests
{
    private const int MaxBodyBytes = 256 * 1024;

    [Fact]
    public async Task The_63_province_boundaries_reach_the_Detector_through_a_message_far_under_the_limit_on_the_embedded_host()
    {
        var folder = Directory.CreateTempSubdirectory("geofence-large-").FullName;
        var database = Path.Combine(folder, "geofence.db");
        var adminKey = $"test-admin-{Guid.NewGuid():N}";
        try
        {
            await using (var host = await ServiceProcess.StartAsync("Geofence.Host", new Dictionary<string, string>
            {
                ["Auth__BootstrapAdminKey"] = adminKey,
                ["Privacy__PhoneHashKey"] = $"test-phone-key-{Guid.NewGuid():N}",
                ["ConnectionStrings__Geofence"] = $"Data Source={database}",
            }))
            {
                var api = new GeofenceApi(host.CreateClient(), host.CreateClient(), host.CreateClient(), adminKey, host.CreateClient());
                var fences = await api.ImportProvinceFileAsync("vn-provinces-63.geojson");

                await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                var largest = await ScalarAsync(connection, """SELECT max(length(CAST("Body" AS BLOB))) FROM admin_outbox""");
                var payload = await ScalarAsync(connection, """SELECT max(length("Bytes")) FROM messaging_message_data""");
                TestContext.Current.TestOutputHelper?.WriteLine($"63 provinces ({fences} fences): outbox body {largest} bytes, claim-checked set {payload} bytes");
                Assert.InRange(largest, 1, MaxBodyBytes);
                Assert.True(payload > MaxBodyBytes, $"the set is {payload} bytes");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
