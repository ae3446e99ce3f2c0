using Geofence.Contracts;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Campaigns;
using Geofence.Notifier.Installs;
using Geofence.Notifier.Links;
using Geofence.Notifier.OptOuts;
using Geofence.Notifier.Reminders;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using Geofence.Templates;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Geofence.Notifier.Tests;

/// <summary>
/// The Notifier's deciding and scheduling parts on a SQLite file and a fake clock, without a bus: arrivals are decided
/// directly, the scheduler is ticked by hand, and what would be published is read from the outbox.
/// </summary>
internal sealed class NotifierBench : IAsyncDisposable
{
    public static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    private const string Secret = "bench-phone-hash-key";
    private readonly string folder = Directory.CreateTempSubdirectory("geofence-notifier-").FullName;
    private PostgresDatabase? postgres;
    private int version = 1;

    private NotifierBench(DateTimeOffset start) => Time = new FakeTimeProvider(start);

    public FakeTimeProvider Time { get; }
    public FieldCipher Cipher { get; } = new(Secret);
    public PersonKeys Keys { get; } = new(Secret);
    public ServiceProvider Provider { get; private set; } = null!;
    public MessagingRulesHolder Rules => Provider.GetRequiredService<MessagingRulesHolder>();

    /// <summary>A bench whose clock starts at <paramref name="localStart"/> in Vietnam, with the default policy changed by <paramref name="policy"/>.</summary>
    /// <param name="onPostgres">On a throwaway PostgreSQL database (the test servers) instead of a SQLite file.</param>
    /// <param name="campaigns">The campaign runner's settings (defaults when null).</param>
    public static async Task<NotifierBench> CreateAsync(DateTime localStart, Func<MessagingPolicy, MessagingPolicy>? policy = null,
        bool onPostgres = false, CampaignSettings? campaigns = null)
    {
        var bench = new NotifierBench(new DateTimeOffset(localStart, Vietnam.GetUtcOffset(localStart)));
        var services = new ServiceCollection();
        services.AddLogging();
        if (onPostgres)
        {
            bench.postgres = await TestInfrastructure.CreateDatabaseAsync();
            services.AddDbContext<NotifierDb>(o => o.UseNpgsql(bench.postgres.ConnectionString));
        }
        else services.AddDbContext<NotifierDb>(o => o.UseSqlite($"Data Source={Path.Combine(bench.folder, "notifier.db")};Default Timeout=30"));
        services.AddSingleton(bench.Cipher).AddSingleton(bench.Keys).AddSingleton(new NotificationPolicy()).AddSingleton(new LinkSettings())
            .AddSingleton<TimeProvider>(bench.Time).AddSingleton<MessagingRulesHolder>().AddScoped<NotificationLinks>()
            .AddSingleton(new ReminderSettings()).AddScoped<BluezoneInstallReportedConsumer>()
            .AddSingleton(campaigns ?? new CampaignSettings()).AddScoped<CampaignOutcomes>();
        NotifierService.AddDecisions(services);
        bench.Provider = services.BuildServiceProvider();
        await using (var scope = bench.Provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<NotifierDb>().Database.EnsureCreatedAsync();
        if (policy is not null) bench.SetPolicy(policy);
        return bench;
    }

    /// <summary>A policy with quiet hours off, so that a test about something else is not held by the clock.</summary>
    public static MessagingPolicy NoQuietHours(MessagingPolicy policy) => policy with { QuietHours = policy.QuietHours with { Triggers = [] } };

    public void SetPolicy(Func<MessagingPolicy, MessagingPolicy> change) =>
        Rules.Apply(change(Rules.Current.Policy) with { Version = ++version });

    public DateTimeOffset Now => Time.GetUtcNow();

    public ReminderScheduler NewScheduler() =>
        new(Provider.GetRequiredService<IServiceScopeFactory>(), new ReminderSettings(), Time, NullLogger<ReminderScheduler>.Instance);

    public async Task CheckInAsync(string phone, string province, DateOnly? departure = null, string firstName = "Minh", string lastName = "Nguyen")
    {
        await using var scope = Provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArrivalNotifier>().DecideAsync(new Arrival(
            $"{Triggers.CheckIn}:H-{province}:{Guid.NewGuid():N}", Triggers.CheckIn, province, Now, $"H-{province}", phone, null,
            new Addressee(firstName, lastName, "en", "GB"), DoNotContact: false, departure), CancellationToken.None);
    }

    public async Task EnterAsync(string phone, string province)
    {
        await using var scope = Provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArrivalNotifier>().DecideAsync(new Arrival(
            $"{Triggers.ProvinceEntry}:phone:{Keys.ForPhone(phone)}:{province}:{Now.ToUnixTimeMilliseconds()}:{Guid.NewGuid():N}",
            Triggers.ProvinceEntry, province, Now, null, phone, null, Addressee.Unknown, DoNotContact: false), CancellationToken.None);
    }

    public async Task ReportInstalledAsync(string phone)
    {
        await using var scope = Provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BluezoneInstallReportedConsumer>().RecordAsync(
            new BluezoneInstallReported("app", $"device-{Guid.NewGuid():N}", Keys.ForPhone(phone), Now), CancellationToken.None);
    }

    /// <summary>What the links helper does when the guest taps the opt-out link: an active row in the opt-out list.</summary>
    public async Task OptOutAsync(string phone)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
        var key = Keys.ForPhone(phone);
        var optOut = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == key);
        if (optOut is null) db.OptOuts.Add(optOut = new OptOut { PersonKey = key });
        optOut.OptOut(OptedOutByLink.Source, "link", null, Now.UtcDateTime);
        await db.SaveChangesAsync();
    }

    public Task<IReadOnlyList<string>> TickAsync() => NewScheduler().RunDueAsync(CancellationToken.None);

    /// <summary>Everything the Notifier has handed to the outbox, in order, with when.</summary>
    public async Task<List<(long Id, DateTime At, object Message)>> OutboxAsync()
    {
        await using var scope = Provider.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<NotifierDb>().Outbox.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        return rows.Select(r => (r.Id, r.CreatedAt, r.Deserialize(out _))).ToList();
    }

    public async Task<List<T>> PublishedAsync<T>() => (await OutboxAsync()).Select(m => m.Message).OfType<T>().ToList();

    public async Task<List<SendNotification>> SentToAsync(string phone)
    {
        var key = Keys.ForPhone(phone);
        return (await PublishedAsync<SendNotification>()).Where(c => c.PersonKey == key).ToList();
    }

    public async Task<List<ScheduledMessage>> ScheduleAsync()
    {
        await using var scope = Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotifierDb>().Schedule.AsNoTracking().ToListAsync();
    }

    /// <summary>Whether the library computes quiet hours yet (its first placeholder never defers).</summary>
    public static bool LibraryDefers => PolicyRules.DeferredUntil(PolicyRules.Default.QuietHours, Contracts.Channels.Sms, Triggers.Reminder,
        new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(7))) is not null;

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        if (postgres is not null) await postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
