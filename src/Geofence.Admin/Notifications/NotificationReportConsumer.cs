using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Notifications;

/// <summary>
/// Builds the notification report from events; each event is applied idempotently and in any order. A campaign's
/// message (<see cref="SendCampaignNotification"/>) is read as the notification it carries.
/// </summary>
public sealed class NotificationReportConsumer(AdminDb db) :
    IConsumer<SendNotification>, IConsumer<SendCampaignNotification>, IConsumer<NotificationSuppressed>, IConsumer<NotificationSent>, IConsumer<NotificationFailed>,
    IConsumer<NotificationDeliveryReported>, IConsumer<NotificationDeferred>, IConsumer<InstallLinkOpened>
{
    public Task Consume(ConsumeContext<SendNotification> context) => ApplyAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<SendCampaignNotification> context) => ApplyAsync(context.Message.Notification, context.CancellationToken);

    private Task ApplyAsync(SendNotification m, CancellationToken ct) =>
        ApplyAsync(m.NotificationId, NotificationStatus.Pending, r =>
        {
            // The channel tried first (the sent event says which one delivered) and the text with the guest's name masked:
            // the report names no one. The sealed texts are not for it.
            var push = m.PushToken is not null;
            (r.Trigger, r.Language, r.ProvinceCode, r.PropertyId, r.PersonKey, r.DeviceId, r.CreatedAt) =
                (m.Trigger, m.Language, m.ProvinceCode, m.PropertyId, m.PersonKey, m.DeviceId, m.CreatedAt.UtcDateTime);
            r.Channel ??= push ? Channels.Push : Channels.Sms;
            (r.Text, r.SmsParts, r.TemplateVersion) = (m.ReportText, push ? 0 : m.SmsTextParts ?? 0, m.TemplateVersion);
            (r.CampaignId, r.CampaignRound) = (m.CampaignId, m.CampaignRound);
        }, ct);

    public Task Consume(ConsumeContext<NotificationDeferred> context) =>
        ApplyAsync(context.Message.NotificationId, NotificationStatus.Deferred, r =>
        {
            var m = context.Message;
            (r.Trigger, r.Language, r.ProvinceCode, r.PropertyId, r.PersonKey, r.DeviceId, r.CreatedAt, r.DueAt) =
                (m.Trigger, m.Language, m.ProvinceCode, m.PropertyId, m.PersonKey, m.DeviceId, m.CreatedAt.UtcDateTime, m.DueAt.UtcDateTime);
            // Why it waited, unless the row has since got a reason of its own (failed, suppressed, undelivered).
            if (r.Status == NotificationStatus.Deferred || r.Reason is null) r.Reason = m.Reason;
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<NotificationSuppressed> context) =>
        ApplyAsync(context.Message.NotificationId, NotificationStatus.Suppressed, r =>
        {
            var m = context.Message;
            (r.Trigger, r.Language, r.ProvinceCode, r.PropertyId, r.PersonKey, r.DeviceId, r.Reason, r.CreatedAt) =
                (m.Trigger, m.Language, m.ProvinceCode, m.PropertyId, m.PersonKey, m.DeviceId, m.Reason, m.CreatedAt.UtcDateTime);
            (r.CampaignId, r.CampaignRound) = (m.CampaignId, m.CampaignRound);
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<NotificationSent> context) =>
        ApplyAsync(context.Message.NotificationId, NotificationStatus.Sent, r =>
        {
            var m = context.Message;
            (r.Channel, r.Provider, r.SentAt) = (m.Channel, m.Provider, m.SentAt.UtcDateTime);
            r.CampaignId ??= m.CampaignId; // the command may still be on its way
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<NotificationFailed> context) =>
        ApplyAsync(context.Message.NotificationId, NotificationStatus.Failed, r =>
        {
            var m = context.Message;
            (r.Channel, r.Provider, r.Reason) = (m.Channel, m.Provider, m.Reason);
            r.CampaignId ??= m.CampaignId;
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<NotificationDeliveryReported> context) =>
        ApplyAsync(context.Message.NotificationId, context.Message.Status, r =>
        {
            var m = context.Message;
            r.Provider ??= m.Provider;
            if (m.ErrorCode is not null && m.Status == NotificationStatus.Undelivered) r.Reason = m.ErrorCode;
        }, context.CancellationToken);

    public async Task Consume(ConsumeContext<InstallLinkOpened> context)
    {
        var m = context.Message;
        // Whole microseconds: what PostgreSQL keeps, so that a repeated event finds the click it recorded.
        var (at, ct) = (new DateTime(m.At.UtcTicks - m.At.UtcTicks % 10, DateTimeKind.Utc), context.CancellationToken);
        if (await db.InstallClicks.AnyAsync(c => c.NotificationId == m.NotificationId && c.At == at, ct)) return; // counted already
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var platform = m.Platform[..Math.Min(m.Platform.Length, 16)];
        db.InstallClicks.Add(new InstallClick { NotificationId = m.NotificationId, At = at, Platform = platform });
        await db.SaveChangesAsync(ct);
        // Counted in the database, so that clicks and the report's other events never overwrite each other's changes.
        var counted = await db.Notifications.Where(n => n.NotificationId == m.NotificationId)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.InstallClicks, n => n.InstallClicks + 1), ct);
        if (counted == 0)
        {
            // The notification's own events are still on their way: its row starts here and they complete it.
            db.Notifications.Add(new NotificationReport
            {
                NotificationId = m.NotificationId, Status = NotificationStatus.Pending, InstallClicks = 1,
            });
            await db.SaveChangesAsync(ct);
        }
        // The same click delivered twice at once fails on the click's key (a racing first row on the notification's
        // unique index); the retry then finds it counted.
        await transaction.CommitAsync(ct);
    }

    private async Task ApplyAsync(Guid notificationId, string status, Action<NotificationReport> apply, CancellationToken ct)
    {
        var report = await db.Notifications.FirstOrDefaultAsync(n => n.NotificationId == notificationId, ct);
        if (report is null)
        {
            report = new NotificationReport { NotificationId = notificationId, Status = status };
            db.Notifications.Add(report);
        }
        apply(report);
        if (NotificationStatus.Rank(status) > NotificationStatus.Rank(report.Status)) report.Status = status;
        // A racing insert of the same notification fails on the unique index; the retry then updates the winner's row.
        await db.SaveChangesAsync(ct);
    }
}
