using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Campaigns;

/// <summary>
/// What the Dispatcher reports of a campaign's message, written on its work row by notification id (one indexed update
/// each; a receipt for an arrival's message matches no row). Idempotent and in any order: a receipt may come before the
/// "sent" it follows, and a late "sent" keeps delivered or undelivered as they are while filling in the channel and parts.
/// </summary>
public sealed class CampaignOutcomes(NotifierDb db, TimeProvider time)
    : IConsumer<NotificationSent>, IConsumer<NotificationFailed>, IConsumer<NotificationDeliveryReported>
{
    public Task Consume(ConsumeContext<NotificationSent> context) => RecordAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<NotificationFailed> context) => RecordAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<NotificationDeliveryReported> context) => RecordAsync(context.Message, context.CancellationToken);

    public async Task RecordAsync(NotificationSent m, CancellationToken ct)
    {
        if (m.CampaignId is null) return;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.CampaignWork
            .Where(w => w.NotificationId == m.NotificationId
                && (w.Status == CampaignWork.Queued || w.Status == CampaignWork.Sent || w.Status == CampaignWork.Delivered || w.Status == CampaignWork.Undelivered))
            .ExecuteUpdateAsync(u => u
                .SetProperty(w => w.Status, w => w.Status == CampaignWork.Queued ? CampaignWork.Sent : w.Status)
                .SetProperty(w => w.Channel, m.Channel)
                .SetProperty(w => w.SmsParts, m.SmsParts)
                .SetProperty(w => w.SentAtMs, m.SentAt.ToUnixTimeMilliseconds())
                .SetProperty(w => w.UpdatedAtMs, nowMs), ct);
    }

    public async Task RecordAsync(NotificationFailed m, CancellationToken ct)
    {
        if (m.CampaignId is null) return;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.CampaignWork.Where(w => w.NotificationId == m.NotificationId && w.Status == CampaignWork.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Status, CampaignWork.Failed).SetProperty(w => w.Reason, Truncate(m.Reason))
                .SetProperty(w => w.Channel, m.Channel).SetProperty(w => w.SmsParts, 0).SetProperty(w => w.UpdatedAtMs, nowMs), ct);
    }

    public async Task RecordAsync(NotificationDeliveryReported m, CancellationToken ct)
    {
        if (m.Status is not (DeliveryStatuses.Delivered or DeliveryStatuses.Undelivered)) return;
        var status = m.Status == DeliveryStatuses.Delivered ? CampaignWork.Delivered : CampaignWork.Undelivered;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.CampaignWork
            .Where(w => w.NotificationId == m.NotificationId && (w.Status == CampaignWork.Queued || w.Status == CampaignWork.Sent))
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Status, status).SetProperty(w => w.UpdatedAtMs, nowMs), ct);
    }

    private static string Truncate(string reason) => reason.Length <= 64 ? reason : reason[..64];
}
