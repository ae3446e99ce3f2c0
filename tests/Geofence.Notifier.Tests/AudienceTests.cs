using System.Text;
using Geofence.Contracts;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Audiences;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Links;
using Geofence.Notifier.Rules;
using Geofence.Privacy;
using Geofence.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Notifier.Tests;

/// <summary>
/// Audiences on the database: an uploaded list written in batches with hand-written multi-row inserts, and audiences
/// built with INSERT … SELECT from telecom sightings (recorded by the real ProvinceEntered consumer), devices, unions and
/// differences. Run on SQLite and PostgreSQL, whose SQL differs.
/// </summary>
public abstract class AudienceTests : IAsyncLifetime
{
    private const string Secret = "audience-phone-hash-key";
    private readonly FieldCipher cipher = new(Secret);
    private readonly PersonKeys personKeys = new(Secret);
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;
    private IAsyncDisposable? cleanup;

    protected abstract Task<(Action<DbContextOptionsBuilder> Configure, IAsyncDisposable Cleanup)> CreateDatabaseAsync();

    public async ValueTask InitializeAsync()
    {
        var (configure, database) = await CreateDatabaseAsync();
        cleanup = database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<NotifierDb>(configure);
        services.AddSingleton(cipher).AddSingleton(personKeys).AddSingleton(new NotificationPolicy()).AddSingleton(new LinkSettings())
            .AddSingleton<MessagingRulesHolder>().AddSingleton(TimeProvider.System).AddScoped<NotificationLinks>()
            .AddScoped<AudienceImport>().AddScoped<AudienceBuilder>();
        NotifierService.AddDecisions(services);
        services.AddMassTransitTestHarness(NotifierService.AddConsumers);
        provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<NotifierDb>().Database.EnsureCreatedAsync();
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        if (cleanup is not null) await cleanup.DisposeAsync();
    }

    [Fact]
    public async Task An_uploaded_list_keeps_its_good_rows_encrypted_in_file_order_and_names_the_line_and_reason_of_each_bad_one()
    {
        var (audienceId, outcome) = await UploadAsync(""""
            Phone , Language,NAME
            0901234567,vi,Nguyễn Văn A
            +84 90 CALL NOW,,
            024 3826 4264,vi,A hotel's landline
            09012,vi,Too short
            +84 90 123 4567,en,Again
            "+82 10-1234-5678",ko,"Kim, Minjun ""MJ"""
            0912345678,,"=HYPERLINK(""http://x"",""y"")"
            0987654321,xx_1,Bad language
            0934567890,vi,a,b
            """");

        Assert.Equal(3, outcome.Accepted);
        Assert.Equal([
            new RejectedRow(3, "phone has letters in it."),
            new RejectedRow(4, "phone is not a mobile number (a landline cannot receive SMS or Zalo)."),
            new RejectedRow(5, "phone is not a valid phone number."),
            new RejectedRow(6, "duplicate of line 2."),
            new RejectedRow(9, "language is not a BCP 47 language tag (e.g. vi, en, zh-Hant)."),
            new RejectedRow(10, "has 4 fields; the header has 3."),
        ], outcome.Rejected);
        Assert.Equal(6, outcome.RejectedCount);
        var members = await MembersAsync(audienceId);
        Assert.Equal([
            ("+84901234567", "vi", "Nguyễn Văn A", 2),
            ("+821012345678", "ko", "Kim, Minjun \"MJ\"", 7),
            ("+84912345678", null, "=HYPERLINK(\"http://x\",\"y\")", 8),
        ], members.Select(m => (cipher.Unprotect(m.Phone), m.Language, cipher.Unprotect(m.Name), m.Line!.Value)));
        Assert.All(members, m => Assert.StartsWith("enc1:", m.Phone));
        Assert.Equal(members.Select(m => personKeys.ForPhone(cipher.Unprotect(m.Phone)!)), members.Select(m => m.PersonKey));
        Assert.True(members.Select(m => m.Seq).SequenceEqual(members.Select(m => m.Seq).Order()));
    }

    [Fact]
    public async Task A_person_repeated_in_a_later_batch_is_rejected_naming_the_line_that_kept_them()
    {
        var csv = new StringBuilder("phone\n");
        for (var i = 0; i < 2500; i++) csv.Append(Phone(i)).Append('\n');
        csv.Append(Phone(0)).Append('\n').Append(Phone(1700)).Append('\n').Append(Phone(2499)).Append('\n');

        var (audienceId, outcome) = await UploadAsync(csv.ToString());

        Assert.Equal(2500, outcome.Accepted);
        Assert.Equal([new RejectedRow(2502, "duplicate of line 2."), new RejectedRow(2503, "duplicate of line 1702."),
            new RejectedRow(2504, "duplicate of line 2501.")], outcome.Rejected);
        var members = await MembersAsync(audienceId);
        Assert.Equal(Enumerable.Range(2, 2500), members.Select(m => m.Line!.Value));
        Assert.Equal(Enumerable.Range(1, 2500).Select(i => (long)i), members.Select(m => m.Seq));
    }

    [Fact]
    public async Task A_telecom_seen_audience_holds_the_phones_the_consumer_saw_entering_the_province_within_the_days()
    {
        var now = DateTimeOffset.UtcNow;
        await ConsumeAsync(TelecomEntry(Phone(1), "48", now.AddDays(-2)));
        await ConsumeAsync(TelecomEntry(Phone(2), "48", now.AddDays(-10)));
        await ConsumeAsync(TelecomEntry(Phone(2), "48", now.AddDays(-12))); // a late report does not move the sighting back
        await ConsumeAsync(TelecomEntry(Phone(3), "48", now.AddDays(-20)));
        await ConsumeAsync(TelecomEntry(Phone(4), "22", now.AddDays(-1)));
        await ConsumeAsync(new ProvinceEntered(Guid.NewGuid(), SubjectKinds.Phone, Phone(5), "48", now.AddDays(-1), "telco", null, "telco-1"));

        var (audienceId, members) = await BuildAsync(Audience.TelecomSeen, provinceCode: "48", days: 14);

        Assert.Equal(2, members);
        var rows = await MembersAsync(audienceId);
        Assert.Equal([Phone(2), Phone(1)], rows.Select(m => cipher.Unprotect(m.Phone)));
        Assert.Equal([1L, 2L], rows.Select(m => m.Seq));
        Assert.All(rows, m => Assert.Null(m.Line));
        await using var scope = provider.CreateAsyncScope();
        var seen = await scope.ServiceProvider.GetRequiredService<NotifierDb>().SeenPhones.AsNoTracking().ToListAsync();
        Assert.Equal(4, seen.Count); // the entry from before sealing (the number as its subject) is not recorded
        Assert.All(seen, s => Assert.StartsWith("enc1:", s.Phone));
        Assert.Equal(now.AddDays(-10).ToUnixTimeMilliseconds(), seen.Single(s => s.PersonKey == personKeys.ForPhone(Phone(2))).LastSeenAtMs);
    }

    [Fact]
    public async Task A_devices_audience_holds_people_with_a_phone_on_a_device_told_about_the_province_within_the_days()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
            AddDevice(db, "a", Phone(1));
            AddDevice(db, "a2", Phone(1)); // a second device of the same person
            AddDevice(db, "b", Phone(2));
            AddDevice(db, "c", null);
            AddDevice(db, "d", Phone(4));
            AddVisit(db, personKeys.ForPhone(Phone(1)), "22", now.AddDays(-1));
            AddVisit(db, personKeys.ForPhone(Phone(2)), "22", now.AddDays(-40));
            AddVisit(db, personKeys.ForDevice("app/c"), "22", now.AddDays(-1));
            AddVisit(db, personKeys.ForPhone(Phone(4)), "48", now.AddDays(-1));
            await db.SaveChangesAsync();
        }

        var (audienceId, members) = await BuildAsync(Audience.Devices, provinceCode: "22", days: 30);

        Assert.Equal(1, members);
        var member = Assert.Single(await MembersAsync(audienceId));
        Assert.Equal((personKeys.ForPhone(Phone(1)), Phone(1), "vi"), (member.PersonKey, cipher.Unprotect(member.Phone), member.Language));
    }

    [Fact]
    public async Task A_union_holds_everyone_once_in_the_order_given_and_a_difference_the_first_audiences_people_in_none_of_the_others()
    {
        var (first, _) = await UploadAsync($"phone,name\n{Phone(1)},One\n{Phone(2)},Two\n{Phone(3)},Three\n");
        var (second, _) = await UploadAsync($"phone\n{Phone(4)}\n{Phone(2)}\n{Phone(5)}\n");
        var (third, _) = await UploadAsync($"phone\n{Phone(3)}\n");

        var (union, unionMembers) = await BuildAsync(Audience.Union, of: [first, second, third]);
        var (difference, differenceMembers) = await BuildAsync(Audience.Difference, of: [first, second, third]);

        Assert.Equal((5, 1), (unionMembers, differenceMembers));
        var unionRows = await MembersAsync(union);
        Assert.Equal([Phone(1), Phone(2), Phone(3), Phone(4), Phone(5)], unionRows.Select(m => cipher.Unprotect(m.Phone)));
        Assert.Equal("Two", cipher.Unprotect(unionRows[1].Name));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), unionRows.Select(m => m.Seq));
        var differenceRow = Assert.Single(await MembersAsync(difference));
        Assert.Equal((Phone(1), "One", 1L), (cipher.Unprotect(differenceRow.Phone), cipher.Unprotect(differenceRow.Name), differenceRow.Seq));
    }

    private static string Phone(int i) => $"+8490{1_000_000 + i}";

    private ProvinceEntered TelecomEntry(string phone, string provinceCode, DateTimeOffset at) =>
        new(Guid.NewGuid(), SubjectKinds.Phone, personKeys.ForPhone(phone), provinceCode, at, "telco", null, "telco-1", cipher.Protect(phone));

    private void AddDevice(NotifierDb db, string deviceId, string? phone) => db.Devices.Add(new KnownDevice
    {
        Key = $"app/{deviceId}", DeviceId = deviceId, Platform = "android", Language = "vi", Phone = cipher.Protect(phone),
        PhoneKey = phone is null ? null : personKeys.ForPhone(phone), RegisteredAt = DateTime.UtcNow,
    });

    private static void AddVisit(NotifierDb db, string personKey, string provinceCode, DateTimeOffset at) => db.Visits.Add(new Visit
    {
        PersonKey = personKey, ProvinceCode = provinceCode, NotificationId = Guid.NewGuid().ToString(), DecisionKey = $"test:{Guid.NewGuid()}",
        NotifiedAtMs = at.ToUnixTimeMilliseconds(),
    });

    private async Task<(Guid, ImportOutcome)> UploadAsync(string csv)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
        var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), AudiencesApi.MaxUploadBytes);
        var (columns, error) = await AudienceCsv.ReadHeaderAsync(reader, CancellationToken.None);
        Assert.Null(error);
        var audience = new Audience { AudienceId = Guid.CreateVersion7(), Name = "list", Kind = Audience.Upload, Status = Audience.Ready };
        db.Audiences.Add(audience);
        await db.SaveChangesAsync();
        var outcome = await scope.ServiceProvider.GetRequiredService<AudienceImport>().ImportAsync(audience.AudienceId, reader, columns!, CancellationToken.None);
        return (audience.AudienceId, outcome);
    }

    private async Task<(Guid, int)> BuildAsync(string kind, string? provinceCode = null, int? days = null, Guid[]? of = null)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
        var audience = new Audience
        {
            AudienceId = Guid.CreateVersion7(), Name = kind, Kind = kind, Status = Audience.Importing, ProvinceCode = provinceCode, Days = days,
        };
        db.Audiences.Add(audience);
        await db.SaveChangesAsync();
        var since = DateTimeOffset.UtcNow.AddDays(-(days ?? 0)).ToUnixTimeMilliseconds();
        var members = await scope.ServiceProvider.GetRequiredService<AudienceBuilder>().FillAsync(audience, of ?? [], since, CancellationToken.None);
        var stored = await db.Audiences.AsNoTracking().SingleAsync(a => a.AudienceId == audience.AudienceId);
        Assert.Equal((Audience.Ready, members), (stored.Status, stored.Members));
        return (audience.AudienceId, members);
    }

    private async Task<List<AudienceMember>> MembersAsync(Guid audienceId)
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotifierDb>().AudienceMembers.AsNoTracking()
            .Where(m => m.AudienceId == audienceId).OrderBy(m => m.Seq).ToListAsync();
    }

    private async Task ConsumeAsync(ProvinceEntered message)
    {
        await harness.Bus.Publish(message);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!harness.Consumed.Select<ProvinceEntered>(c => c.Context.Message.EntryId == message.EntryId).Any() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        var consumed = harness.Consumed.Select<ProvinceEntered>(c => c.Context.Message.EntryId == message.EntryId).FirstOrDefault()
            ?? throw new TimeoutException("ProvinceEntered was not consumed");
        Assert.Null(consumed.Exception);
    }
}

public sealed class AudienceOnSqliteTests : AudienceTests
{
    protected override Task<(Action<DbContextOptionsBuilder>, IAsyncDisposable)> CreateDatabaseAsync()
    {
        var folder = Directory.CreateTempSubdirectory("geofence-audiences-").FullName;
        return Task.FromResult<(Action<DbContextOptionsBuilder>, IAsyncDisposable)>(
            (o => o.UseSqlite($"Data Source={Path.Combine(folder, "notifier.db")};Default Timeout=30"),
                new Cleanup(() => Directory.Delete(folder, recursive: true))));
    }
}

public sealed class AudienceOnPostgresTests : AudienceTests
{
    protected override async Task<(Action<DbContextOptionsBuilder>, IAsyncDisposable)> CreateDatabaseAsync()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync();
        return (o => o.UseNpgsql(database.ConnectionString), database);
    }
}
