using Geofence.Privacy;
using Geofence.Testing;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// <c>Privacy__Retention</c> on PostgreSQL, by each service's own housekeeping timer (its batched delete translated by
/// Npgsql, not SQLite): one guest's rows made older than the retention with SQL are deleted in every service, another's kept.
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Every_services_rows_older_than_the_retention_are_deleted_by_its_housekeeping_and_recent_ones_kept()
    {
        await using var system = await DistributedGeofence.StartAsync(settings: new Dictionary<string, string>
        {
            ["Privacy__RetentionSweepInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Information",
        });
        var (api, personKeys) = (system.Api, new PersonKeys(system.PrivacyKey));
        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotelKey = await api.RegisterHotelAsync(propertyId, "22");
        var (old, recent) = (Guests.NewKoreanPhone(), Guests.NewKoreanPhone());
        var (oldReservation, recentReservation) = ($"R-{Guid.NewGuid():N}"[..12], $"R-{Guid.NewGuid():N}"[..12]);
        await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, old, reservationId: oldReservation));
        await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, recent, reservationId: recentReservation));
        var oldId = Assert.Single(await api.SettledNotificationsAsync(old)).Id;
        var recentId = Assert.Single(await api.SettledNotificationsAsync(recent)).Id;
        await GeofenceApi.EventuallyAsync(() => api.SandboxMessagesAsync(old), items => items.Length == 1, "the old guest's message in the sandbox");
        await GeofenceApi.EventuallyAsync(() => api.SandboxMessagesAsync(recent), items => items.Length == 1, "the recent guest's message in the sandbox");
        var oldRows = Rows(personKeys.ForPhone(old), oldId, oldReservation);
        var recentRows = Rows(personKeys.ForPhone(recent), recentId, recentReservation);
        await GeofenceApi.EventuallyAsync(() => CountsAsync(system.Database, oldRows), counts => counts.All(c => c.Rows > 0),
            "the old guest's row in every table");
        var recentBefore = await CountsAsync(system.Database, recentRows);
        Assert.All(recentBefore, c => Assert.True(c.Rows > 0, $"no row of the recent guest in {c.Table}"));

        await using (var connection = new NpgsqlConnection(system.Database.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var row in oldRows)
            {
                await using var age = new NpgsqlCommand($"UPDATE {row.Table} SET {row.Timestamps} WHERE {row.Where}", connection);
                Assert.True(await age.ExecuteNonQueryAsync() > 0, $"nothing to make old in {row.Table}");
            }
        }

        var oldAfter = await GeofenceApi.EventuallyAsync(() => CountsAsync(system.Database, oldRows), counts => counts.All(c => c.Rows == 0),
            "every service's housekeeping to delete the old rows", TimeSpan.FromSeconds(30));
        Assert.All(oldAfter, c => Assert.Equal(0, c.Rows));
        Assert.Equal(recentBefore, await CountsAsync(system.Database, recentRows));
        Assert.DoesNotContain("Retention housekeeping failed", system.Logs, StringComparison.Ordinal);
        Assert.Contains("rows older than", system.Logs, StringComparison.Ordinal);
    }

    private const string Long = "(extract(epoch from now() - interval '200 days') * 1000)::bigint";
    private const string Date = "now() - interval '200 days'";

    /// <summary>A guest's row in each table a service's housekeeping covers: how to find it and how to make it 200 days old.</summary>
    private sealed record TableRows(string Table, string Where, string Timestamps);

    private static TableRows[] Rows(string personKey, Guid notificationId, string reservationId) =>
    [
        new("ingest_checkins", $"\"ReservationId\" = '{reservationId}'", $"\"AcceptedAt\" = {Date}"),
        new("notifier_visits", $"person_key = '{personKey}'", $"notified_at_ms = {Long}"),
        new("notifier_decisions", $"\"NotificationId\" = '{notificationId}'", $"\"DecidedAt\" = {Date}"),
        new("notifier_sends", $"person_key = '{personKey}'", $"at_ms = {Long}"),
        new("notifier_people", $"person_key = '{personKey}'", $"touched_at_ms = {Long}"),
        new("notifier_links", $"\"PersonKey\" = '{personKey}'", $"\"CreatedAt\" = {Date}"),
        new("dispatcher_sandbox_messages", $"\"PersonKey\" = '{personKey}'", $"\"RecordedAt\" = {Date}"),
        new("dispatcher_deliveries", $"\"NotificationId\" = '{notificationId}'", $"\"CompletedAt\" = {Date}"),
        new("admin_notifications", $"\"PersonKey\" = '{personKey}'", $"\"CreatedAt\" = {Date}, \"SentAt\" = {Date}"),
    ];

    private static async Task<List<(string Table, long Rows)>> CountsAsync(PostgresDatabase database, TableRows[] rows)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var counts = new List<(string, long)>();
        foreach (var row in rows)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {row.Table} WHERE {row.Where}", connection);
            counts.Add((row.Table, (long)(await count.ExecuteScalarAsync())!));
        }
        return counts;
    }
}
