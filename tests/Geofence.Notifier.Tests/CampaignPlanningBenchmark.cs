using System.Diagnostics;
using Geofence.Notifier.Campaigns;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Tests;

/// <summary>
/// Planning a round of 1,000,000 people on PostgreSQL (the issue asks for under 60 s on this machine). Explicit: it takes
/// a minute of a shared machine, so it runs when asked (<c>dotnet test --filter Planning_a_million -- xUnit.Explicit=on</c>).
/// </summary>
public sealed class CampaignPlanningBenchmark(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public async Task Planning_a_million_members_on_PostgreSQL_takes_under_a_minute()
    {
        const int members = 1_000_000;
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 9, 0, 0), NotifierBench.NoQuietHours, onPostgres: true);
        var audienceId = await bench.AddAudienceAsync([]);
        await bench.WithDbAsync(async db =>
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO notifier_audience_members (audience_id, seq, person_key, phone, language, line)
                SELECT {0}, g, 'person-' || g, 'enc1:not-a-real-number', 'vi', g + 1 FROM generate_series(1, {1}) g
                """, audienceId, members);
            // One in a hundred installed, one in a hundred opted out: planning leaves them out.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO notifier_people (person_key, installed_at_ms, touched_at_ms) SELECT 'person-' || g, 1, 1 FROM generate_series(1, {0}, 100) g", members);
            return await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO notifier_opt_outs ("PersonKey", "OptedOutAt") SELECT 'person-' || g, now() FROM generate_series(2, {0}, 100) g""", members);
        });
        var campaignId = await bench.AddCampaignAsync(audienceId);
        Assert.Equal(CampaignSteps.Started, await bench.StepAsync(campaignId));

        var clock = Stopwatch.StartNew();
        var steps = 0;
        CampaignRound round;
        do
        {
            Assert.Equal(CampaignSteps.Planned, await bench.StepAsync(campaignId));
            steps++;
            round = await bench.WithDbAsync(db => db.CampaignRounds.AsNoTracking().SingleAsync(r => r.CampaignId == campaignId));
        } while (round.Status == CampaignRound.Planning);
        clock.Stop();

        output.WriteLine($"Planned {round.Planned:N0} of {members:N0} members in {steps} chunks in {clock.Elapsed.TotalSeconds:F1} s " +
                         $"({round.Planned / clock.Elapsed.TotalSeconds:N0} rows/s)");
        Assert.Equal(members - 2 * (members / 100), round.Planned);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"planning took {clock.Elapsed}");
    }
}
