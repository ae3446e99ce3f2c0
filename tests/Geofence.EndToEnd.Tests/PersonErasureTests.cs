using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Geofence.Privacy;
using Geofence.Testing;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// DELETE /api/v1/persons with each service in its own process on RabbitMQ and PostgreSQL: a person put everywhere the
/// APIs can put them is, once every service has confirmed, found in no row of any table of any schema, but for the
/// opt-out kept as the bare hash; another person's rows are as they were.
/// </summary>
public sealed partial class PersonErasureTests
{
    public sealed record ServiceErasure(string Service, bool Confirmed, DateTime? ConfirmedAt, int? Rows);
    public sealed record Erasure(Guid Id, DateTime RequestedAt, bool Complete, ServiceErasure[] Services);

    private sealed record Person(string Phone, string FirstName, string LastName, string PersonKey);

    [Fact]
    public async Task An_erased_person_is_readable_in_no_table_but_as_the_bare_hash_of_the_opt_out_and_another_person_keeps_every_row()
    {
        await using var system = await DistributedGeofence.StartAsync(settings: new Dictionary<string, string>
        {
            ["Campaigns__PollInterval"] = "00:00:00.200",
        });
        var (api, personKeys) = (system.Api, new PersonKeys(system.PrivacyKey));
        var (propertyId, appFeed, telcoFeed) = ($"H-{Guid.NewGuid():N}"[..12], $"app-{Guid.NewGuid():N}"[..12], $"tel-{Guid.NewGuid():N}"[..12]);
        var hotelKey = await api.RegisterHotelAsync(propertyId, "22");
        var appKey = await api.RegisterFeedAsync(appFeed, "app");
        var telcoKey = await api.RegisterFeedAsync(telcoFeed, "telco");
        var erased = NewPerson(personKeys);
        var kept = NewPerson(personKeys);
        var (deviceId, pushToken) = ($"dev-{Guid.NewGuid():N}"[..16], $"push-token-{Guid.NewGuid():N}");

        // A hotel guest told by SMS (a reminder scheduled by the default policy), who clicks the install link.
        foreach (var guest in new[] { erased, kept })
            await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, guest.Phone, firstName: guest.FirstName, lastName: guest.LastName));
        var welcome = Assert.Single(await api.SettledNotificationsAsync(erased.Phone));
        Assert.Equal(("sent", "sms"), (welcome.Status, welcome.Channel));
        Assert.Single(await api.SettledNotificationsAsync(kept.Phone));
        var sms = Assert.Single(await api.SandboxMessagesAsync(erased.Phone));
        var tokens = LinkToken().Matches(sms.Text).Select(m => m.Groups["token"].Value).ToArray();
        Assert.NotEmpty(tokens);
        using (var pages = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = system.Campaigns.Client.BaseAddress })
        using (var click = await pages.GetAsync($"/i/{tokens[0]}"))
            Assert.True(click.StatusCode is HttpStatusCode.Found or HttpStatusCode.OK, $"GET /i/{{token}}: {click.StatusCode}");
        await GeofenceApi.EventuallyAsync(() => api.NotificationsAsync(erased.Phone), items => items.Sum(n => n.InstallClicks) == 1, "the click counted");

        // Their phone on a device, told by push when the telecom sees them in another province.
        await api.RegisterDeviceAsync(appKey, deviceId, pushToken, "vi", erased.Phone);
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, deviceId), known => known, "the Notifier to know the device");
        using (var entered = await api.PostAsFeedAsync(telcoKey, "/api/v1/province-entries",
                   new { entries = new[] { new { phone = erased.Phone, provinceCode = "48", at = DateTimeOffset.UtcNow.ToString("O") } } }))
            Assert.Equal(HttpStatusCode.Accepted, entered.StatusCode);
        await GeofenceApi.EventuallyAsync(() => api.SandboxMessagesAsync(erased.Phone), items => items.Length == 2, "the push to the device");

        // Both in a campaign's audience, both messaged by it.
        var audience = await system.Campaigns.UploadAudienceAsync($"Erasure {Guid.NewGuid():N}"[..20],
            new[] { erased, kept }.Select(p => new AudiencePerson(p.Phone, "vi", $"{p.LastName} {p.FirstName}")));
        var campaignId = await system.Campaigns.CreateCampaignAsync(audience.AudienceId, channels: ["sms"]);
        await GeofenceApi.EventuallyAsync(() => api.CampaignNotificationsAsync(campaignId),
            page => page.Items.Length == 2 && page.Items.All(n => n.Status is not "pending" && n.Text is not null || n.Status == "suppressed"),
            "the campaign's two messages settled");

        // And an opt-out with a note, which stays as the bare hash.
        (await api.RecordOptOutAsync(erased.Phone, $"asked by {erased.FirstName} on the phone")).EnsureSuccessStatusCode();
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierHasActiveOptOutAsync(system, erased.PersonKey), active => active,
            "the Notifier to see the opt-out");

        var notificationIds = (await api.NotificationsAsync(erased.Phone)).Select(n => n.Id)
            .Concat((await api.SandboxMessagesAsync(erased.Phone)).Select(s => s.NotificationId)).Distinct().ToArray();
        var deviceKey = personKeys.ForDevice($"{appFeed}/{deviceId}");
        string[] secrets =
        [
            .. Forms(erased.Phone), .. KeyForms(erased.PersonKey), .. KeyForms(deviceKey), erased.FirstName, erased.LastName, deviceId,
            pushToken, .. tokens, .. notificationIds.SelectMany(id => new[] { id.ToString("D"), id.ToString("N") }),
        ];
        string[] keptSecrets = [.. Forms(kept.Phone), .. KeyForms(kept.PersonKey), kept.FirstName, kept.LastName];
        var before = await RowsAsync(system.Database);
        var tablesBefore = Tables(Found(secrets, before));
        foreach (var table in new[]
                 {
                     "admin_notifications", "admin_install_clicks", "admin_opt_outs", "notifier_visits", "notifier_sends", "notifier_links",
                     "notifier_schedule", "notifier_devices", "notifier_audience_members", "notifier_campaign_work", "notifier_opt_outs",
                     "dispatcher_sandbox_messages", "dispatcher_deliveries",
                 })
            Assert.True(tablesBefore.Contains(table), $"before the erasure no row of {table} names the person (found in {string.Join(", ", tablesBefore)})");
        var keptBefore = CountByTable(Found(keptSecrets, before));

        var erasure = await EraseAsync(api, erased.Phone);

        Assert.Equal(["admin", "detector", "dispatcher", "ingest", "notifier"], erasure.Services.Select(s => s.Service));
        var after = await RowsAsync(system.Database);
        var left = Found(secrets, after);
        // The opt-outs, one row in each service that keeps them, holding the person key and nothing else of theirs.
        var optOuts = left.Where(f => f.Row.Table.EndsWith("_opt_outs", StringComparison.Ordinal)).ToList();
        Assert.Equal(["public.admin_opt_outs", "public.notifier_opt_outs"], optOuts.Select(f => f.Row.Table).Order(StringComparer.Ordinal));
        foreach (var (row, found) in optOuts)
        {
            Assert.Equal([erased.PersonKey], found);
            Assert.DoesNotContain("asked by", row.Json, StringComparison.Ordinal);
        }
        var readable = left.Except(optOuts).ToList();
        Assert.True(readable.Count == 0, "after the erasure, still readable:\n" + string.Join("\n",
            readable.Select(f => $"{f.Row.Table} holds {string.Join(", ", f.Secrets)}: {f.Row.Json}")));
        Assert.Equal(keptBefore, CountByTable(Found(keptSecrets, after)));
        Assert.Single(await api.NotificationsAsync(kept.Phone), n => n.Trigger == "checkin");
        Assert.Equal(2, (await api.SandboxMessagesAsync(kept.Phone)).Length);
    }

    private static Person NewPerson(PersonKeys personKeys)
    {
        var phone = Guests.NewKoreanPhone();
        return new Person(phone, $"Minjun{Letters()}", $"Kim{Letters()}", personKeys.ForPhone(phone));
    }

    private static async Task<Erasure> EraseAsync(GeofenceApi api, string phone)
    {
        using var request = api.Admin(HttpMethod.Delete, $"/api/v1/persons?phone={Uri.EscapeDataString(phone)}");
        using var response = await api.AdminClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return await GeofenceApi.EventuallyAsync(async () =>
        {
            using var get = api.Admin(HttpMethod.Get, location);
            using var answer = await api.AdminClient.SendAsync(get);
            return (await answer.Content.ReadFromJsonAsync<Erasure>())!;
        }, e => e.Complete, "every service to confirm the erasure");
    }

    /// <summary>A number as it may be written: E.164, without the plus, and its national digits alone.</summary>
    private static string[] Forms(string e164) => [e164, e164[1..], e164[3..]];

    /// <summary>A person key as stored (lower-case hex; the search ignores case) and as base64 of its bytes.</summary>
    private static string[] KeyForms(string hex) => [hex, Convert.ToBase64String(Convert.FromHexString(hex))];

    private static string Letters() => new(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());

    [GeneratedRegex(@"/[a-z]/(?<token>[A-Za-z0-9_-]{6,})")]
    private static partial Regex LinkToken();

    private sealed record Row(string Table, string Json);

    private static List<(Row Row, string[] Secrets)> Found(string[] secrets, List<Row> rows) =>
    [
        .. rows.Select(row => (row, secrets.Where(s => row.Json.Contains(s, StringComparison.OrdinalIgnoreCase)).ToArray()))
            .Where(f => f.Item2.Length > 0),
    ];

    private static SortedSet<string> Tables(List<(Row Row, string[] Secrets)> found) =>
        new(found.Select(f => f.Row.Table[(f.Row.Table.IndexOf('.') + 1)..]), StringComparer.Ordinal);

    private static string CountByTable(List<(Row Row, string[] Secrets)> found) =>
        string.Join(", ", found.GroupBy(f => f.Row.Table).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>Every row of every table of every schema but PostgreSQL's own, as JSON.</summary>
    private static async Task<List<Row>> RowsAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Name)>();
        await using (var list = new NpgsqlCommand("""
                         SELECT table_schema, table_name FROM information_schema.tables
                         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                         """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        var rows = new List<Row>();
        foreach (var (schema, name) in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM \"{schema}\".\"{name}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(new Row($"{schema}.{name}", reader.GetString(0)));
        }
        return rows;
    }
}
