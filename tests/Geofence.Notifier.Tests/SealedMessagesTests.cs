using Geofence.Contracts;
using Geofence.Notifier.Links;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Notifier.Tests;

/// <summary>
/// The Notifier's consumers on an in-memory bus and SQLite: what arrives sealed is opened, what a service published
/// before the upgrade (in clear, the phone as a telecom entry's subject) is handled the same, and what leaves is sealed.
/// </summary>
public sealed class SealedMessagesTests : IAsyncLifetime
{
    private const string Secret = "test-phone-hash-key";
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 15, 0, TimeSpan.FromHours(7));
    private readonly FieldCipher cipher = new(Secret);
    private readonly PersonKeys personKeys = new(Secret);
    private readonly string folder = Directory.CreateTempSubdirectory("geofence-sealed-").FullName;
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<NotifierDb>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "notifier.db")};Default Timeout=30"));
        services.AddSingleton(cipher).AddSingleton(personKeys).AddSingleton(new NotificationPolicy()).AddSingleton(new LinkSettings())
            .AddSingleton<MessagingRulesHolder>().AddSingleton(TimeProvider.System).AddScoped<NotificationLinks>();
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_sealed_check_in_becomes_a_sealed_command_with_the_name_masked_for_the_report()
    {
        await ConsumeAsync(CheckIn("+821023456789", "Minjun", "Kim", sealed_: true));

        var command = Assert.Single(await CommandsAsync());
        Assert.Equal(("+821023456789", personKeys.ForPhone("+821023456789")), (cipher.Unprotect(command.Phone), command.PersonKey));
        Assert.Contains("Kim Minjun", cipher.Unprotect(command.SmsText));
        Assert.Contains("K*** M***", command.ReportText);
        Assert.DoesNotContain(await OutboxBodiesAsync(), body => body.Contains("1023456789") || body.Contains("Minjun") || body.Contains("Kim "));
    }

    [Fact]
    public async Task A_check_in_published_in_clear_before_the_upgrade_is_notified_the_same()
    {
        await ConsumeAsync(CheckIn("+821023456780", "Minjun", "Kim", sealed_: false));

        var command = Assert.Single(await CommandsAsync());
        Assert.Equal(("+821023456780", personKeys.ForPhone("+821023456780")), (cipher.Unprotect(command.Phone), command.PersonKey));
        Assert.Contains("Kim Minjun", cipher.Unprotect(command.SmsText));
    }

    [Fact]
    public async Task A_telecom_entry_and_a_check_in_of_the_same_phone_in_the_same_province_make_one_message()
    {
        await ConsumeAsync(TelecomEntry("+84901234567", "48", sealed_: true));
        await ConsumeAsync(CheckIn("+84901234567", "Duc", "Nguyen", sealed_: true, provinceCode: "48"));

        var command = Assert.Single(await CommandsAsync());
        Assert.Equal(("+84901234567", Triggers.ProvinceEntry), (cipher.Unprotect(command.Phone), command.Trigger));
    }

    [Fact]
    public async Task A_telecom_entry_from_before_the_upgrade_with_the_number_as_its_subject_is_notified_and_deduplicated_the_same()
    {
        await ConsumeAsync(TelecomEntry("+84901234568", "48", sealed_: false));
        await ConsumeAsync(TelecomEntry("+84901234568", "48", sealed_: true));

        var command = Assert.Single(await CommandsAsync());
        Assert.Equal(("+84901234568", personKeys.ForPhone("+84901234568")), (cipher.Unprotect(command.Phone), command.PersonKey));
    }

    [Fact]
    public async Task A_push_title_the_department_wrote_to_name_the_guest_travels_sealed()
    {
        var (token, phone) = ($"token-{Guid.NewGuid():N}", "+821023456781");
        provider.GetRequiredService<MessagingRulesHolder>().Apply(new MessageTemplatesChanged(1,
            [new MessageTemplate(TemplatePurposes.Arrival, Channels.Push, "ko", 1, "{greetingName}님 · {provinceName}", "{appName}: {installLink}")], At));
        await ConsumeAsync(new DeviceRegistered("app", "device-2", "android", cipher.Protect(token), "ko", cipher.Protect(phone), false, At,
            personKeys.ForPhone(phone)));
        await ConsumeAsync(CheckIn(phone, "Minjun", "Kim", sealed_: true));

        var command = Assert.Single(await CommandsAsync());
        Assert.StartsWith("enc1:", command.PushTitle);
        Assert.StartsWith("Kim Minjun님", cipher.Unprotect(command.PushTitle));
        Assert.Equal(1, command.TemplateVersion);
        Assert.DoesNotContain(await OutboxBodiesAsync(), body => body.Contains("Minjun"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_device_registered_sealed_or_in_clear_is_stored_sealed_and_keyed_by_its_phone(bool sealed_)
    {
        var (token, phone) = ($"token-{Guid.NewGuid():N}", "+84901234569");
        await ConsumeAsync(new DeviceRegistered("app", "device-1", "android", sealed_ ? cipher.Protect(token) : token, "vi",
            sealed_ ? cipher.Protect(phone) : phone, false, At, sealed_ ? personKeys.ForPhone(phone) : null));

        await using var scope = provider.CreateAsyncScope();
        var device = await scope.ServiceProvider.GetRequiredService<NotifierDb>().Devices.SingleAsync();
        Assert.StartsWith("enc1:", device.PushToken);
        Assert.StartsWith("enc1:", device.Phone);
        Assert.Equal((token, phone, personKeys.ForPhone(phone)), (cipher.Unprotect(device.PushToken), cipher.Unprotect(device.Phone), device.PhoneKey));
    }

    [Theory]
    [InlineData("Minh Khoa", "Nguyen", "M*** K***", "N***")]
    [InlineData("Min-jun", "", "M***", "")]
    [InlineData("Đức", "Nguyễn Văn", "Đ***", "N*** V***")]
    public void A_masked_name_keeps_the_first_letter_of_each_part(string first, string last, string maskedFirst, string maskedLast)
    {
        var masked = new Addressee(first, last, "vi", "VN").Masked();

        Assert.Equal((maskedFirst, maskedLast), (masked.FirstName, masked.LastName));
    }

    private GuestCheckedIn CheckIn(string phone, string firstName, string lastName, bool sealed_, string provinceCode = "22") =>
        new(Guid.NewGuid(), "H-1", provinceCode, $"R-{Guid.NewGuid():N}", At, null, sealed_
            ? new CheckInGuest(cipher.Protect(firstName)!, cipher.Protect(lastName)!, cipher.Protect(phone), "KR", "ko", false, personKeys.ForPhone(phone))
            : new CheckInGuest(firstName, lastName, phone, "KR", "ko", false));

    private ProvinceEntered TelecomEntry(string phone, string provinceCode, bool sealed_) => sealed_
        ? new ProvinceEntered(Guid.NewGuid(), SubjectKinds.Phone, personKeys.ForPhone(phone), provinceCode, At, "telco", null, "telco-1", cipher.Protect(phone))
        : new ProvinceEntered(Guid.NewGuid(), SubjectKinds.Phone, phone, provinceCode, At, "telco", null, "telco-1");

    private async Task ConsumeAsync<T>(T message) where T : class
    {
        var before = harness.Consumed.Select<T>().Count();
        await harness.Bus.Publish(message);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (harness.Consumed.Select<T>().Count() <= before && DateTime.UtcNow < deadline) await Task.Delay(20);
        var consumed = harness.Consumed.Select<T>().Skip(before).FirstOrDefault() ?? throw new TimeoutException($"{typeof(T).Name} was not consumed");
        Assert.Null(consumed.Exception);
    }

    private async Task<SendNotification[]> CommandsAsync()
    {
        await using var scope = provider.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<NotifierDb>().Outbox.ToListAsync();
        return rows.Select(r => r.Deserialize(out _)).OfType<SendNotification>().ToArray();
    }

    private async Task<List<string>> OutboxBodiesAsync()
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotifierDb>().Outbox.Select(r => r.Body).ToListAsync();
    }
}
