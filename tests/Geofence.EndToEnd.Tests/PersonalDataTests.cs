using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Testing;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// No personal data in clear outside the database columns that need it: with each service in its own process on
/// RabbitMQ and PostgreSQL, every message body that crosses the broker, every stored row but the sandbox's (showing
/// recipients is its job) and every log line is searched for the phones, tokens, names and e-mails the test sent.
/// </summary>
public sealed class PersonalDataTests
{
    private static readonly Dictionary<string, string> TalkativeLogs = new() { ["Logging__LogLevel__Default"] = "Information" };

    [Fact]
    public async Task Check_ins_devices_and_telecom_entries_cross_the_broker_the_tables_and_the_logs_without_a_phone_token_or_name()
    {
        await using var system = await DistributedGeofence.StartAsync(settings: TalkativeLogs);
        var api = system.Api;
        var (propertyId, appFeed, telcoFeed) = ($"H-{Guid.NewGuid():N}"[..12], $"app-{Guid.NewGuid():N}"[..12], $"tel-{Guid.NewGuid():N}"[..12]);
        var hotelKey = await api.RegisterHotelAsync(propertyId, "22");
        var appKey = await api.RegisterFeedAsync(appFeed, "app");
        var telcoKey = await api.RegisterFeedAsync(telcoFeed, "telco");
        await using var tap = await BrokerTap.StartAsync(system.VirtualHost);

        // A hotel guest reached by SMS, a device reached by push when the telecom sees its owner, a subscriber by SMS.
        var (guestPhone, firstName, lastName, email) = (Guests.NewKoreanPhone(), $"Minjun{Letters()}", $"Kim{Letters()}", $"{Letters()}@example.com");
        var (devicePhone, pushToken, deviceId) = (Guests.NewVietnamesePhone(), $"push-token-{Guid.NewGuid():N}", $"dev-{Guid.NewGuid():N}"[..16]);
        var subscriberPhone = Guests.NewVietnamesePhone();
        await api.CheckInAsync(hotelKey, new
        {
            propertyId, reservationId = $"R-{Guid.NewGuid():N}"[..12], checkedInAt = Guests.CheckInTimePlus(TimeSpan.Zero),
            departureDate = Guests.CheckInTime.AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            guest = new { firstName, lastName, phone = guestPhone, email, nationality = "KR", language = "ko", doNotContact = false },
        });
        await api.RegisterDeviceAsync(appKey, deviceId, pushToken, "vi", devicePhone);
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, deviceId), known => known, "the Notifier to know the device");
        using (var entered = await api.PostAsFeedAsync(telcoKey, "/api/v1/province-entries", new
        {
            entries = new[] { devicePhone, subscriberPhone }.Select(phone => new { phone, provinceCode = "48", at = DateTimeOffset.UtcNow.ToString("O") }),
        }))
            Assert.Equal(HttpStatusCode.Accepted, entered.StatusCode);

        // The positive side, so that the searches below cannot pass for want of traffic: each got its message.
        var guestReport = Assert.Single(await api.SettledNotificationsAsync(guestPhone));
        Assert.Equal(("sent", "sms"), (guestReport.Status, guestReport.Channel));
        Assert.Contains($"{lastName[0]}*** {firstName[0]}***님", guestReport.Text);
        var guestMessage = Assert.Single(await api.SandboxMessagesAsync(guestPhone));
        Assert.Equal(guestPhone, guestMessage.Recipient);
        Assert.Contains($"{lastName} {firstName}님", guestMessage.Text);
        var deviceReport = Assert.Single(await api.SettledNotificationsAsync(devicePhone));
        Assert.Equal(("sent", "push"), (deviceReport.Status, deviceReport.Channel));
        var pushed = Assert.Single(await api.SandboxMessagesAsync(devicePhone));
        Assert.Equal(("push", pushToken), (pushed.Channel, pushed.Recipient));
        Assert.Equal("sent", Assert.Single(await api.SettledNotificationsAsync(subscriberPhone)).Status);
        Assert.Equal(subscriberPhone, Assert.Single(await api.SandboxMessagesAsync(subscriberPhone)).Recipient);

        string[] secrets = [.. Forms(guestPhone), .. Forms(devicePhone), .. Forms(subscriberPhone), pushToken, firstName, lastName, email, email.Split('@')[0]];

        var bodies = await tap.BodiesAsync();
        foreach (var contract in new[] { "GuestCheckedIn", "DeviceRegistered", "ProvinceEntered", "SendNotification", "NotificationSent" })
            Assert.Contains(bodies, body => body.Contains($"Geofence.Contracts:{contract}", StringComparison.Ordinal));
        AssertNoneFound(secrets, bodies, "a message body on the broker");

        var rows = await RowsAsync(system.Database);
        Assert.Contains(rows, row => row.StartsWith("notifier_outbox:", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.StartsWith("ingest_outbox:", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.StartsWith("admin_notifications:", StringComparison.Ordinal));
        AssertNoneFound(secrets, rows, "a stored row");

        var logs = system.Logs;
        Assert.Contains("notification", logs, StringComparison.OrdinalIgnoreCase); // the services did log at Information
        AssertNoneFound([.. Forms(guestPhone), .. Forms(devicePhone), .. Forms(subscriberPhone), pushToken, firstName, lastName], [logs], "the services' logs");
    }

    /// <summary>A number as it may be written: E.164, without the plus, and its national digits alone.</summary>
    private static string[] Forms(string e164) => [e164, e164[1..], e164[3..]];

    private static string Letters() => new(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());

    private static void AssertNoneFound(string[] secrets, IEnumerable<string> haystack, string where)
    {
        var found = haystack.SelectMany(text => secrets.Where(secret => text.Contains(secret, StringComparison.OrdinalIgnoreCase))
            .Select(secret => (secret, text))).FirstOrDefault();
        Assert.True(found == default, $"{where} holds '{found.secret}': {found.text}");
    }

    /// <summary>Every row of every table, as "table: {json}", but the sandbox's and the migration histories.</summary>
    private static async Task<List<string>> RowsAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var rows = new List<string>();
        foreach (var table in tables.Where(t => t != "dispatcher_sandbox_messages" && !t.Contains("migrations", StringComparison.Ordinal)))
        {
            await using var select = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add($"{table}: {reader.GetString(0)}");
        }
        return rows;
    }
}

/// <summary>
/// RabbitMQ's firehose on the test's own virtual host: a queue bound to <c>amq.rabbitmq.trace</c> receives a copy of
/// every message published on it, whatever the exchange.
/// </summary>
internal sealed class BrokerTap : IAsyncDisposable
{
    private readonly RabbitVirtualHost virtualHost;
    private readonly string queue = $"tap-{Guid.NewGuid():N}";
    private readonly List<string> bodies = [];

    private BrokerTap(RabbitVirtualHost virtualHost) => this.virtualHost = virtualHost;

    public static async Task<BrokerTap> StartAsync(RabbitVirtualHost virtualHost)
    {
        var tap = new BrokerTap(virtualHost);
        var management = virtualHost.Management;
        (await management.PutAsJsonAsync($"queues/{virtualHost.Name}/{tap.queue}", new { durable = false, auto_delete = false }))
            .EnsureSuccessStatusCode();
        (await management.PostAsJsonAsync($"bindings/{virtualHost.Name}/e/amq.rabbitmq.trace/q/{tap.queue}", new { routing_key = "publish.#" }))
            .EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"vhosts/{virtualHost.Name}", new { tracing = true })).EnsureSuccessStatusCode();
        return tap;
    }

    /// <summary>Every body traced so far (taken off the tap queue, and kept).</summary>
    public async Task<IReadOnlyList<string>> BodiesAsync()
    {
        while (true)
        {
            var response = await virtualHost.Management.PostAsJsonAsync($"queues/{virtualHost.Name}/{queue}/get",
                new { count = 500, ackmode = "ack_requeue_false", encoding = "auto", truncate = 10_000_000 });
            response.EnsureSuccessStatusCode();
            var messages = await response.Content.ReadFromJsonAsync<JsonElement[]>() ?? [];
            foreach (var message in messages)
            {
                var payload = message.GetProperty("payload").GetString() ?? "";
                bodies.Add(message.GetProperty("payload_encoding").GetString() == "base64"
                    ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload)) : payload);
            }
            if (messages.Length == 0) return bodies;
        }
    }

    public async ValueTask DisposeAsync() =>
        await virtualHost.Management.PutAsJsonAsync($"vhosts/{virtualHost.Name}", new { tracing = false });
}
