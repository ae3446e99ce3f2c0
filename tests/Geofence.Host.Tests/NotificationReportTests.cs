using Geofence.Contracts;
using Geofence.Privacy;
using Geofence.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Host.Tests;

/// <summary>
/// The department's report follows the Notifier's later events: deferral by quiet hours, install-link clicks and
/// one-tap opt-outs. The events are published on the embedded bus as the Notifier would publish them.
/// </summary>
public sealed class NotificationReportTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private IBus Bus => app.Services.GetRequiredService<IBus>();

    [Fact]
    public async Task A_deferred_notification_is_reported_deferred_until_sent_and_a_late_deferral_never_takes_it_back()
    {
        var (id, deviceId) = (Guid.NewGuid(), $"device-{Guid.NewGuid():N}");
        var created = new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero); // 22:30 in Vietnam
        var due = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        NotificationDeferred Deferred(DateTimeOffset dueAt) =>
            new(id, "quiet-hours", $"key-{Guid.NewGuid():N}", "en", Triggers.Reminder, "22", null, created, dueAt, deviceId);

        await Bus.Publish(Deferred(due));
        var deferred = Assert.Single(await ReportAsync(deviceId, n => n.Status == "deferred"));
        Assert.Equal(("reminder", "quiet-hours", due.UtcDateTime), (deferred.Trigger, deferred.Reason, deferred.DueAt));

        await Bus.Publish(new NotificationSent(id, Contracts.Channels.Sms, "sandbox", null, due));
        await ReportAsync(deviceId, n => n.Status == "sent");
        await Bus.Publish(Deferred(due.AddHours(1)));
        var sent = Assert.Single(await ReportAsync(deviceId, n => n.DueAt == due.AddHours(1).UtcDateTime));
        Assert.Equal("sent", sent.Status);
    }

    [Fact]
    public async Task Each_opening_of_the_install_link_is_counted_once_however_often_its_event_arrives()
    {
        var (id, deviceId) = (Guid.NewGuid(), $"device-{Guid.NewGuid():N}");
        var at = new DateTimeOffset(2026, 12, 2, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);
        await Bus.Publish(new NotificationDeferred(id, "quiet-hours", "key", "en", Triggers.Reminder, "22", null, at, at, deviceId));
        await ReportAsync(deviceId, n => n.Status == "deferred");

        await Bus.Publish(new InstallLinkOpened(id, "android", at));
        await ReportAsync(deviceId, n => n.InstallClicks == 1);
        var repeated = Guid.NewGuid();
        var consumed = ConsumedAsync(repeated);
        await Bus.Publish(new InstallLinkOpened(id, "android", at), c => c.MessageId = repeated);
        await consumed;
        Assert.Equal(1, Assert.Single(await api.NotificationsForDeviceAsync(deviceId)).InstallClicks);

        await Bus.Publish(new InstallLinkOpened(id, "ios", at.AddSeconds(30)));
        await ReportAsync(deviceId, n => n.InstallClicks == 2);
    }

    [Fact]
    public async Task An_opt_out_by_link_is_on_the_departments_list_with_source_link()
    {
        var phone = Guests.NewKoreanPhone();
        Assert.True(app.Services.GetRequiredService<PersonKeys>().TryForPhone(phone, out var personKey));

        await Bus.Publish(new OptedOutByLink(Guid.NewGuid(), personKey, DateTimeOffset.UtcNow));

        var listed = Assert.Single(await GeofenceApi.EventuallyAsync(() => api.OptOutsAsync(phone), items => items.Length > 0, "the opt-out on the list"));
        Assert.Equal((true, "link", "requested"), (listed.Active, listed.Source, listed.Code));
    }

    private Task<NotificationItem[]> ReportAsync(string deviceId, Func<NotificationItem, bool> shows) =>
        GeofenceApi.EventuallyAsync(() => api.NotificationsForDeviceAsync(deviceId), items => items.Length == 1 && shows(items[0]),
            $"the report of {deviceId}");

    /// <summary>Completes once the message with <paramref name="messageId"/> has been consumed (Admin is its only consumer).</summary>
    private Task ConsumedAsync(Guid messageId)
    {
        var observer = new ConsumedObserver(messageId);
        var handle = Bus.ConnectConsumeMessageObserver(observer);
        return observer.Consumed.Task.WaitAsync(GeofenceApi.Patience).ContinueWith(t => { handle.Disconnect(); return t; }).Unwrap();
    }

    private sealed class ConsumedObserver(Guid messageId) : IConsumeMessageObserver<InstallLinkOpened>
    {
        public TaskCompletionSource Consumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task PreConsume(ConsumeContext<InstallLinkOpened> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<InstallLinkOpened> context)
        {
            if (context.MessageId == messageId) Consumed.TrySetResult();
            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<InstallLinkOpened> context, Exception exception) => Task.CompletedTask;
    }
}
