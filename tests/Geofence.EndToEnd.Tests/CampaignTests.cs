using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Privacy;
using Geofence.Testing;
using Geofence.Testing.Providers;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// Campaigns to residents end to end: the department uploads an audience as CSV and sends it a campaign over Zalo and
/// SMS; the Dispatcher uses the real providers' clients pointed at fakes on 127.0.0.1, which count what each number got.
/// Every wait is bounded and names what it waited for.
/// </summary>
public sealed class CampaignTests
{
    /// <summary>Rows the Notifier keeps released but without an outcome; a pause lets at most these still go out.</summary>
    private const int InFlight = 300;

    private static ITestOutputHelper? Output => TestContext.Current.TestOutputHelper;

    /// <summary>The Notifier's campaign runner, quick for a test: it looks for work often and allows rounds seconds apart.</summary>
    private static Dictionary<string, string> CampaignSettings() => new()
    {
        ["Campaigns__PollInterval"] = "00:00:00.200",
        ["Campaigns__MinRepeatEvery"] = "00:00:05",
        ["Campaigns__InFlight"] = InFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Each provider's quota (a campaign gets 0.8 of it) and how many commands the Dispatcher works on at once.</summary>
    private static Dictionary<string, string> Rates(int perSecond) => new()
    {
        ["Channels__Zalo__MaxPerSecond"] = $"{perSecond}",
        ["Channels__Esms__MaxPerSecond"] = $"{perSecond}",
        ["Channels__Twilio__MaxPerSecond"] = $"{perSecond}",
        ["Dispatcher__ConcurrentMessageLimit"] = "64",
    };

    /// <summary>Quiet hours off (so the time of day does not matter) and caps that leave room for two rounds.</summary>
    private static Task PutPolicyAsync(GeofenceApi api) => api.PutPolicyAsync(new
    {
        note = "test: campaigns at any hour",
        app = new { name = "Bluezone", androidUrl = "https://play.google.com/store/apps/details?id=com.mic.bluezone", iosUrl = "https://apps.apple.com/vn/app/bluezone/id1508062685" },
        quietHours = new { start = "22:00", end = "07:00", timeZone = "Asia/Ho_Chi_Minh", channels = Array.Empty<string>(), triggers = Array.Empty<string>() },
        caps = new { per24Hours = 10, per30Days = 30 },
        reminders = new { after = "P1D", max = 0, visitEndsAfter = "P3D" },
    });

    /// <summary>
    /// <paramref name="count"/> distinct Vietnamese mobiles in CSV order; every fourth has a Zalo account, the others
    /// are added to the fake's numbers without one (so the Dispatcher falls back to SMS).
    /// </summary>
    private static AudiencePerson[] Residents(int count, FakeZalo zalo)
    {
        var first = Random.Shared.Next(0, 10_000_000 - count);
        var people = Enumerable.Range(0, count)
            .Select(i => new AudiencePerson($"+8490{first + i:D7}", "vi", $"Nguyễn Thị {i}")).ToArray();
        for (var i = 0; i < count; i++)
            if (!HasZalo(i)) zalo.PhonesWithoutZalo.Add(people[i].Phone.TrimStart('+'));
        return people;
    }

    private static bool HasZalo(int index) => index % 4 == 0;

    /// <summary>20,000 residents in the drills (12 to 20 minutes here, as each message costs the whole pipeline's CPU), 2,000 otherwise.</summary>
    [Fact]
    public async Task A_two_round_campaign_to_20000_residents_reaches_each_once_a_round_over_Zalo_or_SMS_skips_opt_outs_and_installers_and_holds_on_pause()
    {
        var people = TestInfrastructure.Drills ? 20_000 : 2_000;
        await using var zalo = await FakeZalo.StartAsync();
        await using var esms = await FakeEsms.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(
            dispatcherSettings: ProviderSettings.Merge(ProviderSettings.Esms(esms), ProviderSettings.Zalo(zalo.Options()),
                ProviderSettings.FastRetry(), Rates(1000)),
            settings: CampaignSettings());
        var sends = new Sends(zalo.Recipients, esms.Recipients);
        var residents = Residents(people, zalo);
        var installers = residents.Take(people / 10).ToArray(); // first in CSV order: already messaged when they install
        var optedOut = residents.TakeLast(people / 100).ToArray(); // last in CSV order: not yet released when they opt out
        var personKeys = new PersonKeys(system.PrivacyKey);
        await PutPolicyAsync(system.Api);
        // The installers' phones are on devices a feed registers meanwhile (needed only when they install).
        var feed = await system.Api.RegisterFeedAsync($"F-{Guid.NewGuid():N}"[..12]);
        var devicesRegistered = ForEachAsync(installers, (p, i) => system.Api.RegisterDeviceAsync(feed, $"dev-{i}", pushToken: null, language: "vi", phone: p.Phone));

        var clock = Stopwatch.StartNew();
        var audience = await system.Campaigns.UploadAudienceAsync("Residents of Hà Nội", residents);
        Output?.WriteLine($"uploaded {people:N0} rows in {clock.Elapsed.TotalSeconds:N1} s");
        Assert.Equal((people, 0), (audience.Accepted, audience.RejectedCount));
        var campaignId = await system.Campaigns.CreateCampaignAsync(audience.AudienceId, channels: ["zalo", "sms"],
            repeatEvery: TimeSpan.FromSeconds(45), maxRounds: 2, startAt: DateTimeOffset.UtcNow.AddSeconds(1));
        var started = clock.Elapsed;

        // 1 % opt out through Admin while round 1 sends; the Notifier must have them before they are released.
        await WaitForSendsAsync(sends, 1, "the campaign's first message");
        var optOutKeys = await ForEachAsync(optedOut, async (p, _) =>
        {
            using var response = await system.Api.RecordOptOutAsync(p.Phone, "asked by phone during the campaign");
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/v1/opt-outs: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("personKey").GetString()!;
        });
        await GeofenceApi.EventuallyAsync(() => CampaignState.ActiveOptOutsAsync(system, optOutKeys), n => n == optOutKeys.Length,
            $"the Notifier to record {optOutKeys.Length} opt-outs", TimeSpan.FromSeconds(60));
        var optOutsRecordedAt = DateTimeOffset.UtcNow;
        Output?.WriteLine($"{optOutKeys.Length} opt-outs recorded by the Notifier after {sends.Total:N0} sends");

        // A pause in round 1, once the installers (first in CSV order) are released: at most the in-flight messages still go out.
        await WaitForSendsAsync(sends, installers.Length + InFlight, "the campaign's first messages, the installers' among them");
        var beforePause = await system.Campaigns.CampaignAsync(campaignId);
        Assert.True(beforePause.Round(1) is { } sending && sending.Settled < sending.Planned,
            $"round 1 should still be sending at the pause (send slower or to more people): {JsonSerializer.Serialize(beforePause)}");
        var paused = await system.Campaigns.PauseAsync(campaignId);
        Assert.Equal("paused", paused.Status);
        var atPause = sends.Total;
        // Drained: every message released before the pause (a release that was under way when it came included) has its
        // outcome, and nothing more leaves the pending list. Provider counts standing still for a moment proved nothing on a
        // loaded machine: a stalled pipeline looks the same.
        var drained = await DrainedAsync(system, campaignId);
        var settledAfterPause = sends.Total;
        Assert.True(settledAfterPause == drained.Sent + drained.Delivered + drained.Failed,
            $"the fakes counted {settledAfterPause}; the Notifier {JsonSerializer.Serialize(drained)}");
        Assert.True(settledAfterPause - atPause <= InFlight, $"{settledAfterPause - atPause} messages went out after the pause; at most {InFlight} were in flight");
        Output?.WriteLine($"paused at {atPause:N0} sends; {settledAfterPause - atPause} in-flight ones followed");

        // While it is paused, 10 % report Bluezone installed, each after their round-1 message went out.
        await devicesRegistered;
        await GeofenceApi.EventuallyAsync(() => Task.FromResult(installers.Count(p => sends.CountFor(p.Phone) == 0)), n => n == 0,
            "every installer's round-1 message", TimeSpan.FromSeconds(60));
        await ForEachAsync(installers, async (_, i) =>
        {
            using var response = await system.Api.PostAsFeedAsync(feed, $"/api/v1/devices/dev-{i}/bluezone-installed", new { });
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"bluezone-installed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return 0;
        });
        var installerKeys = installers.Select(p => personKeys.ForPhone(p.Phone)).ToArray();
        await GeofenceApi.EventuallyAsync(() => CampaignState.InstalledAsync(system, installerKeys), n => n == installerKeys.Length,
            $"the Notifier to record {installerKeys.Length} installs", TimeSpan.FromSeconds(60));
        Assert.True(sends.Total == settledAfterPause, $"{sends.Total - settledAfterPause} more messages went out while the campaign was paused");
        var stillPaused = (await system.Campaigns.CampaignAsync(campaignId)).Round(1)!;
        Assert.True(stillPaused.Pending == drained.Pending, $"released while paused: pending {drained.Pending} → {stillPaused.Pending}");
        Assert.Equal("running", (await system.Campaigns.ResumeAsync(campaignId)).Status);

        // Bounded by a floor of 20 sends a second over both rounds: here it sends at 30–60 a second, each message costing
        // the whole pipeline's CPU, and slower still while the other test lane runs beside it.
        var done = await system.Campaigns.WaitForStatusAsync(campaignId, "done", TimeSpan.FromSeconds(Math.Max(300, 2 * people / 20)));
        var finished = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would show up here

        // Which round each message was for, by its notification id (the Zalo tracking_id, the eSMS RequestId).
        var rounds = await CampaignState.RoundsByNotificationAsync(system, campaignId);
        var zaloByRound = ByRound(zalo.Recipients.Messages, rounds);
        var smsByRound = ByRound(esms.Recipients.Messages, rounds);
        var optedOutSet = optedOut.Select(p => p.Phone).ToHashSet();
        var installerSet = installers.Select(p => p.Phone).ToHashSet();

        var round1 = Expect(residents, zaloByRound, smsByRound, 1, p => optedOutSet.Contains(p.Phone) ? null : 1);
        var round2 = Expect(residents, zaloByRound, smsByRound, 2, p => optedOutSet.Contains(p.Phone) || installerSet.Contains(p.Phone) ? 0 : 1);
        var lateToOptedOut = zalo.Recipients.Messages.Concat(esms.Recipients.Messages)
            .Where(m => optedOutSet.Contains(m.Phone) && m.At > optOutsRecordedAt).ToArray();
        Assert.True(lateToOptedOut.Length == 0, $"{lateToOptedOut.Length} messages went to people after their opt-out was recorded");
        Assert.Equal(people - optedOut.Length - installers.Length, round2);

        Assert.Equal("done", done.Status);
        Assert.True(done.Rounds.Length == 2, $"two rounds: {JsonSerializer.Serialize(done)}");
        foreach (var (round, sent) in new[] { (1, round1), (2, round2) })
        {
            var view = done.Round(round)!;
            Assert.True((view.Sent + view.Delivered, view.Failed, view.Pending, view.Queued) == (sent, 0, 0, 0),
                $"round {round}: the fakes accepted {sent}; GET says {JsonSerializer.Serialize(view)}");
            Assert.True(view.Settled == view.Planned, $"round {round} settled every person: {JsonSerializer.Serialize(view)}");
        }

        var report = await GeofenceApi.EventuallyAsync(() => system.Api.CampaignNotificationsAsync(campaignId), page => page.Items.Length > 0,
            $"Admin's report rows for campaign {campaignId}");
        Assert.All(report.Items, n => Assert.Equal(("campaign", campaignId), (n.Trigger, n.CampaignId)));

        Output?.WriteLine(Figures("round 1", zalo.Recipients.Messages.Concat(esms.Recipients.Messages).Where(m => rounds.GetValueOrDefault(Id(m)) == 1)));
        Output?.WriteLine(Figures("round 2", zalo.Recipients.Messages.Concat(esms.Recipients.Messages).Where(m => rounds.GetValueOrDefault(Id(m)) == 2)));
        Output?.WriteLine($"campaign done {(finished - started).TotalSeconds:N0} s after it was created; Zalo {zalo.Recipients.Total:N0}, SMS {esms.Recipients.Total:N0}");
    }

    [Fact]
    public async Task Killing_the_Notifier_and_then_the_Dispatcher_mid_campaign_reaches_each_of_2000_residents_once_except_calls_the_kill_cut_short_which_are_reported_failed_never_repeated()
    {
        const int people = 2_000;
        await using var zalo = await FakeZalo.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync(); // no idempotency key: a repeated send would count twice
        await using var system = await DistributedGeofence.StartAsync(
            dispatcherSettings: ProviderSettings.Merge(ProviderSettings.Twilio(twilio), ProviderSettings.Zalo(zalo.Options()),
                ProviderSettings.FastRetry(), Rates(100)),
            settings: CampaignSettings());
        var sends = new Sends(zalo.Recipients, twilio.Recipients);
        var residents = Residents(people, zalo);
        await PutPolicyAsync(system.Api);
        var audience = await system.Campaigns.UploadAudienceAsync("Residents", residents);
        var clock = Stopwatch.StartNew();
        var campaignId = await system.Campaigns.CreateCampaignAsync(audience.AudienceId, startAt: DateTimeOffset.UtcNow.AddSeconds(1));

        await WaitForSendsAsync(sends, people / 5, "a fifth of the campaign sent");
        var atNotifierCrash = sends.Total;
        await system.CrashAndRestartNotifierAsync();
        await WaitForSendsAsync(sends, Math.Max(atNotifierCrash + people / 5, people / 2), "sending again after the Notifier's restart");
        var atDispatcherCrash = sends.Total;
        await system.CrashAndRestartDispatcherAsync();
        Assert.True(atDispatcherCrash < people, $"the campaign had finished ({atDispatcherCrash} sends) before the Dispatcher was killed");

        var done = await system.Campaigns.WaitForStatusAsync(campaignId, "done", TimeSpan.FromMinutes(3));
        var elapsed = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would show up here

        var cutShort = AssertEachOnceButCutShort(residents, zalo, sends, Assert.Single(done.Rounds));
        Output?.WriteLine($"killed the Notifier at {atNotifierCrash:N0} and the Dispatcher at {atDispatcherCrash:N0} sends; " +
                          $"{people - cutShort:N0} people once each, {cutShort} calls cut short by the kill reported failed, done {elapsed.TotalSeconds:N0} s after creation");
    }

    [Fact]
    public async Task Killing_the_embedded_Host_on_SQLite_mid_campaign_and_starting_it_again_reaches_each_of_2000_residents_once_except_calls_the_kill_cut_short_which_are_reported_failed_never_repeated()
    {
        const int people = 2_000;
        await using var zalo = await FakeZalo.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        var folder = Directory.CreateTempSubdirectory("geofence-host-");
        var adminKey = $"test-admin-{Guid.NewGuid():N}";
        var environment = ProviderSettings.Merge(new Dictionary<string, string>
        {
            ["Auth__BootstrapAdminKey"] = adminKey,
            ["Privacy__PhoneHashKey"] = $"test-phone-key-{Guid.NewGuid():N}",
            ["Bus__Transport"] = "InMemory",
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Geofence"] = $"Data Source={Path.Combine(folder.FullName, "geofence.db")}",
        }, ProviderSettings.Twilio(twilio), ProviderSettings.Zalo(zalo.Options()), ProviderSettings.FastRetry(), Rates(100), CampaignSettings());
        try
        {
            await using var host = await ServiceProcess.StartAsync("Geofence.Host", environment);
            var client = host.CreateClient();
            var api = new GeofenceApi(client, client, client, adminKey);
            var campaigns = new CampaignApi(client, adminKey);
            var sends = new Sends(zalo.Recipients, twilio.Recipients);
            var residents = Residents(people, zalo);
            await PutPolicyAsync(api);
            var audience = await campaigns.UploadAudienceAsync("Residents", residents);
            var clock = Stopwatch.StartNew();
            var campaignId = await campaigns.CreateCampaignAsync(audience.AudienceId, startAt: DateTimeOffset.UtcNow.AddSeconds(1));

            await WaitForSendsAsync(sends, people / 4, "a quarter of the campaign sent");
            var atCrash = sends.Total;
            await host.CrashAndRestartAsync();
            Assert.True(atCrash < people, $"the campaign had finished ({atCrash} sends) before the Host was killed");

            var done = await campaigns.WaitForStatusAsync(campaignId, "done", TimeSpan.FromMinutes(3));
            var elapsed = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));

            var cutShort = AssertEachOnceButCutShort(residents, zalo, sends, Assert.Single(done.Rounds));
            Output?.WriteLine($"killed the Host at {atCrash:N0} sends; {people - cutShort:N0} people once each, {cutShort} calls cut short " +
                              $"by the kill reported failed, done {elapsed.TotalSeconds:N0} s after creation");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A kill during a provider call leaves its outcome unknown; the Dispatcher then reports the message failed
    /// (outcome-unknown) and never asks Twilio or Zalo again, which would deliver it twice. So: nobody got two messages,
    /// at most those few calls (no more than the sends in flight at the kill) are failed, and everyone else got exactly
    /// one, on their channel. Returns how many were cut short.
    /// </summary>
    private static int AssertEachOnceButCutShort(AudiencePerson[] residents, FakeZalo zalo, Sends sends, CampaignRoundView round)
    {
        var counts = residents.Select((p, i) => (p.Phone, Zalo: zalo.Recipients.CountFor(p.Phone), Sms: sends.Sms.CountFor(p.Phone), Index: i)).ToArray();
        var twice = counts.Where(r => r.Zalo + r.Sms > 1 || (HasZalo(r.Index) ? r.Sms : r.Zalo) > 0).ToArray();
        Assert.True(twice.Length == 0, $"{twice.Length} people got two messages or one on the wrong channel (number: zalo, sms): " +
            string.Join("; ", twice.Take(10).Select(w => $"{w.Phone}: {w.Zalo}, {w.Sms}")));
        var none = counts.Count(r => r.Zalo + r.Sms == 0);
        Assert.True(round.Sent + round.Delivered + round.Failed == residents.Length && none <= round.Failed && round.Failed <= 64,
            $"{none} people got nothing; GET says {JsonSerializer.Serialize(round)}");
        return round.Failed;
    }

    /// <summary>
    /// Asserts each resident got what <paramref name="expected"/> says in <paramref name="round"/> (null: at most one),
    /// on their channel and never both; returns how many messages the round sent.
    /// </summary>
    private static int Expect(AudiencePerson[] residents, Dictionary<int, Dictionary<string, int>> zalo, Dictionary<int, Dictionary<string, int>> sms,
        int round, Func<AudiencePerson, int?> expected)
    {
        var zaloCounts = zalo.GetValueOrDefault(round) ?? [];
        var smsCounts = sms.GetValueOrDefault(round) ?? [];
        var wrong = new List<string>();
        for (var i = 0; i < residents.Length; i++)
        {
            var (z, s) = (zaloCounts.GetValueOrDefault(residents[i].Phone), smsCounts.GetValueOrDefault(residents[i].Phone));
            var want = expected(residents[i]);
            var onWrongChannel = HasZalo(i) ? s > 0 : z > 0;
            if (onWrongChannel || (want is { } n ? z + s != n : z + s > 1)) wrong.Add($"#{i} {residents[i].Phone}: zalo {z}, sms {s}, expected {want?.ToString() ?? "at most 1"}");
        }
        Assert.True(wrong.Count == 0, $"round {round}: {wrong.Count} people got the wrong messages: {string.Join("; ", wrong.Take(10))}");
        return zaloCounts.Values.Sum() + smsCounts.Values.Sum();
    }

    private static Guid Id(AcceptedMessage m) => Guid.TryParse(m.MessageId, out var id) ? id : Guid.Empty;

    /// <summary>Counts by round and number; a message of no round of this campaign fails the test.</summary>
    private static Dictionary<int, Dictionary<string, int>> ByRound(IReadOnlyList<AcceptedMessage> messages, Dictionary<Guid, int> rounds)
    {
        var unknown = messages.Where(m => !rounds.ContainsKey(Id(m))).ToArray();
        Assert.True(unknown.Length == 0, $"{unknown.Length} messages reached a provider under an id no campaign work row has, e.g. {unknown.FirstOrDefault()?.MessageId}");
        return messages.GroupBy(m => rounds[Id(m)])
            .ToDictionary(g => g.Key, g => g.GroupBy(m => m.Phone).ToDictionary(p => p.Key, p => p.Count()));
    }

    private static string Figures(string what, IEnumerable<AcceptedMessage> messages)
    {
        var all = messages.OrderBy(m => m.At).ToArray();
        if (all.Length < 2) return $"{what}: {all.Length} messages";
        var seconds = (all[^1].At - all[0].At).TotalSeconds;
        return $"{what}: {all.Length:N0} messages in {seconds:N1} s, {all.Length / seconds:N0} sends/s (pause included)";
    }

    private static async Task WaitForSendsAsync(Sends sends, int atLeast, string what)
    {
        var clock = Stopwatch.StartNew();
        while (sends.Total < atLeast)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
                Assert.Fail($"Timed out after 120 s waiting for {what}: the providers accepted {sends.Total} of the {atLeast} messages waited for");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the providers' counts have not moved for 1.5 s and returns them.</summary>
    /// <summary>Round 1 once nothing is queued and its pending count has held for 3 s, read twice to be sure.</summary>
    private static async Task<CampaignRoundView> DrainedAsync(DistributedGeofence system, Guid campaignId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var first = (await system.Campaigns.CampaignAsync(campaignId)).Round(1)!;
            if (first.Queued == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                var second = (await system.Campaigns.CampaignAsync(campaignId)).Round(1)!;
                if (second.Queued == 0 && second.Pending == first.Pending && second.Settled == first.Settled) return second;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
                Assert.Fail($"round 1 did not drain within 3 minutes of the pause: {JsonSerializer.Serialize(first)}");
            await Task.Delay(250);
        }
    }

    /// <summary>Runs <paramref name="action"/> for every item, 16 at a time, and returns the results in order.</summary>
    private static async Task<T[]> ForEachAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, int, Task<T>> action)
    {
        var results = new T[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => results[i] = await action(items[i], i));
        return results;
    }

    private static Task ForEachAsync<TItem>(IReadOnlyList<TItem> items, Func<TItem, int, Task> action) =>
        ForEachAsync(items, async (item, i) =>
        {
            await action(item, i);
            return 0;
        });

    /// <summary>Both providers' logs together: Zalo's and the SMS provider's.</summary>
    private sealed record Sends(RecipientLog Zalo, RecipientLog Sms)
    {
        public int Total => Zalo.Total + Sms.Total;

        public int CountFor(string phone) => Zalo.CountFor(phone) + Sms.CountFor(phone);
    }
}

/// <summary>The Notifier's campaign state in PostgreSQL, read as an operator would check it.</summary>
internal static class CampaignState
{
    /// <summary>The round of each notification id the campaign planned (notifier_campaign_work).</summary>
    public static async Task<Dictionary<Guid, int>> RoundsByNotificationAsync(DistributedGeofence system, Guid campaignId)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT notification_id, round FROM notifier_campaign_work WHERE campaign_id = @id", connection);
        query.Parameters.AddWithValue("id", campaignId);
        await using var reader = await query.ExecuteReaderAsync();
        var rounds = new Dictionary<Guid, int>();
        while (await reader.ReadAsync()) rounds[reader.GetGuid(0)] = reader.GetInt32(1);
        return rounds;
    }

    /// <summary>How many of the people the Notifier holds an active opt-out for.</summary>
    public static Task<long> ActiveOptOutsAsync(DistributedGeofence system, string[] personKeys) => CountAsync(system,
        """
        SELECT count(*) FROM notifier_opt_outs WHERE "PersonKey" = ANY(@keys)
          AND "OptedOutAt" IS NOT NULL AND ("LiftedAt" IS NULL OR "OptedOutAt" > "LiftedAt")
        """, personKeys);

    /// <summary>How many of the people the Notifier knows have installed the app.</summary>
    public static Task<long> InstalledAsync(DistributedGeofence system, string[] personKeys) => CountAsync(system,
        "SELECT count(*) FROM notifier_people WHERE person_key = ANY(@keys) AND installed_at_ms IS NOT NULL", personKeys);

    private static async Task<long> CountAsync(DistributedGeofence system, string sql, string[] personKeys)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql, connection);
        query.Parameters.AddWithValue("keys", personKeys);
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
