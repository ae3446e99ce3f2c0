using FsCheck;
using FsCheck.Fluent;
using Geofence.Contracts;
using Geofence.Notifier.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Notifier.Tests;

/// <summary>
/// Any interleaving of check-ins (several provinces), entries, the clock moving, scheduler ticks, install reports and
/// opt-outs: nobody gets more than the caps allow, nothing after opting out or installing, and every decision is
/// accounted for (sent, suppressed or deferred, and every deferred message released or suppressed in the end).
/// </summary>
public sealed class DecisionPropertyTests
{
    private static readonly string[] Phones = ["+447400123201", "+447400123202", "+447400123203"];
    private static readonly string[] Provinces = ["01", "22", "31", "48"];
    private static readonly FrequencyCaps Caps = new(2, 4);

    private abstract record Step;
    private sealed record CheckIn(int Person, int Province, int DepartsInDays) : Step;
    private sealed record Entry(int Person, int Province) : Step;
    private sealed record Wait(int Hours) : Step;
    private sealed record Tick : Step;
    private sealed record Install(int Person) : Step;
    private sealed record OptOutStep(int Person) : Step;

    [Fact]
    public void Whatever_happens_in_whatever_order_the_caps_hold_nobody_is_messaged_after_stopping_and_nothing_is_lost()
    {
        var person = Gen.Choose(0, Phones.Length - 1);
        var province = Gen.Choose(0, Provinces.Length - 1);
        var step = Gen.Frequency(
            (5, from p in person from v in province from d in Gen.Choose(0, 4) select (Step)new CheckIn(p, v, d)),
            (4, from p in person from v in province select (Step)new Entry(p, v)),
            (5, from h in Gen.Choose(1, 30) select (Step)new Wait(h)),
            (4, Gen.Constant((Step)new Tick())),
            (1, from p in person select (Step)new Install(p)),
            (1, from p in person select (Step)new OptOutStep(p)));

        Prop.ForAll(Gen.ListOf(step, 25).ToArbitrary(), steps => RunAsync(steps).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    private static async Task<bool> RunAsync(IEnumerable<Step> steps)
    {
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 20, 0, 0), p => p with
        {
            Caps = Caps,
            Reminders = new ReminderPolicy(TimeSpan.FromHours(6), 2, TimeSpan.FromHours(24)),
            QuietHours = p.QuietHours with { Triggers = [Triggers.Reminder, Triggers.ProvinceEntry] },
        });
        // The outbox row id after which nothing may be sent to the person: their install report or opt-out.
        var stoppedAfter = new Dictionary<string, long>();
        async Task<long> LastRowAsync() => (await bench.OutboxAsync()).Select(r => r.Id).DefaultIfEmpty(0).Max();

        foreach (var s in steps)
        {
            switch (s)
            {
                case CheckIn c:
                    await bench.CheckInAsync(Phones[c.Person], Provinces[c.Province], DateOnly.FromDateTime(bench.Now.UtcDateTime).AddDays(c.DepartsInDays));
                    break;
                case Entry e:
                    await bench.EnterAsync(Phones[e.Person], Provinces[e.Province]);
                    break;
                case Wait w:
                    bench.Time.Advance(TimeSpan.FromHours(w.Hours));
                    break;
                case Tick:
                    await bench.TickAsync();
                    break;
                case Install i:
                    await bench.ReportInstalledAsync(Phones[i.Person]);
                    stoppedAfter.TryAdd(bench.Keys.ForPhone(Phones[i.Person]), await LastRowAsync());
                    break;
                case OptOutStep o:
                    await bench.OptOutAsync(Phones[o.Person]);
                    stoppedAfter.TryAdd(bench.Keys.ForPhone(Phones[o.Person]), await LastRowAsync());
                    break;
            }
        }
        // Everything still scheduled comes due: held messages are released, reminders decided.
        for (var day = 0; day < 12; day++)
        {
            bench.Time.Advance(TimeSpan.FromHours(12));
            await bench.TickAsync();
        }

        var outbox = await bench.OutboxAsync();
        var sends = outbox.Where(r => r.Message is SendNotification).Select(r => (r.Id, Command: (SendNotification)r.Message)).ToList();
        var deferred = outbox.Select(r => r.Message).OfType<NotificationDeferred>().ToList();
        var suppressed = outbox.Select(r => r.Message).OfType<NotificationSuppressed>().ToList();

        // Caps: every message queued (sent at once or held back) counts at its decision time.
        var queued = sends.Select(s => (s.Command.NotificationId, s.Command.PersonKey, s.Command.CreatedAt))
            .Concat(deferred.Select(d => (d.NotificationId, d.PersonKey, d.CreatedAt))).Distinct().ToList();
        foreach (var mine in queued.GroupBy(q => q.PersonKey))
        {
            var times = mine.Select(q => q.CreatedAt).ToList();
            foreach (var t in times)
            {
                Assert.True(times.Count(o => o <= t && o > t - TimeSpan.FromHours(24)) <= Caps.Per24Hours, $"over the daily cap at {t:O}");
                Assert.True(times.Count(o => o <= t && o > t - TimeSpan.FromDays(30)) <= Caps.Per30Days, $"over the monthly cap at {t:O}");
            }
        }
        // Nothing after opting out or installing.
        Assert.DoesNotContain(sends, s => stoppedAfter.TryGetValue(s.Command.PersonKey, out var row) && s.Id > row);
        // Exactly once: no notification is handed over twice.
        Assert.Equal(sends.Count, sends.Select(s => s.Command.NotificationId).Distinct().Count());
        // Every held-back message ends sent or suppressed.
        Assert.All(deferred, d => Assert.True(sends.Any(s => s.Command.NotificationId == d.NotificationId)
            || suppressed.Any(x => x.NotificationId == d.NotificationId), $"deferred {d.NotificationId} was lost"));
        // Every decision has its message.
        await using var scope = bench.Provider.CreateAsyncScope();
        var decisions = await scope.ServiceProvider.GetRequiredService<NotifierDb>().Decisions.AsNoTracking().ToListAsync();
        var reported = sends.Select(s => s.Command.NotificationId).Concat(deferred.Select(d => d.NotificationId))
            .Concat(suppressed.Select(x => x.NotificationId)).ToHashSet();
        Assert.All(decisions, d => Assert.Contains(d.NotificationId, reported));
        // Nothing due is left behind.
        Assert.DoesNotContain(await bench.ScheduleAsync(), r => r.Status == ScheduledMessage.Pending && r.DueAtMs <= bench.Now.ToUnixTimeMilliseconds());
        return true;
    }
}
