using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Receipts;

/// <summary>
/// Applies a provider's receipt to the delivery it names (by the provider's message id, or by our notification id where
/// the provider echoes it) and publishes the outcome in the same transaction. The first final receipt wins; repeats
/// and late ones change nothing. A receipt for a delivery not committed yet is kept as an <see cref="EarlyReceipt"/>
/// and applied by <see cref="Housekeeping.DispatcherHousekeeping"/> once the delivery is there.
/// </summary>
public sealed class DeliveryReceipts(DispatcherDb db, TimeProvider time, ILogger<DeliveryReceipts> logger)
{
    public async Task RecordAsync(string provider, string? providerMessageId, Guid? notificationId, string status, string? errorCode,
        CancellationToken ct)
    {
        var delivery = await FindAsync(provider, providerMessageId, notificationId, ct);
        if (delivery is not null)
        {
            await ApplyAsync(delivery, provider, status, errorCode, early: null, ct);
            return;
        }
        var duplicate = await db.EarlyReceipts.AnyAsync(r => r.Provider == provider && r.ProviderMessageId == providerMessageId
            && r.NotificationId == notificationId, ct);
        if (duplicate) return;
        db.EarlyReceipts.Add(new EarlyReceipt
        {
            Provider = provider, ProviderMessageId = providerMessageId, NotificationId = notificationId, Status = status,
            ErrorCode = errorCode, ReceivedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Provider} receipt for {ProviderMessageId} arrived before its delivery was recorded; kept until it is",
            provider, providerMessageId);
    }

    private async Task<Delivery?> FindAsync(string provider, string? providerMessageId, Guid? notificationId, CancellationToken ct)
    {
        Delivery? delivery = null;
        if (notificationId is { } id)
            delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.NotificationId == id && d.Provider == provider, ct);
        if (delivery is null && !string.IsNullOrEmpty(providerMessageId))
            delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Provider == provider && d.ProviderMessageId == providerMessageId, ct);
        return delivery;
    }

    /// <summary>Applies a kept receipt once its delivery is recorded; false while it is still missing.</summary>
    public async Task<bool> SettleAsync(EarlyReceipt early, CancellationToken ct)
    {
        var delivery = await FindAsync(early.Provider, early.ProviderMessageId, early.NotificationId, ct);
        if (delivery is null) return false;
        await ApplyAsync(delivery, early.Provider, early.Status, early.ErrorCode, early, ct);
        return true;
    }

    /// <summary>
    /// Moves a sent delivery to its final status (a failed one never reached the provider, so no receipt applies to it). The status changes with a conditional update, so that two replicas (or
    /// a receipt and the housekeeping) applying receipts at once publish the outcome once.
    /// </summary>
    private async Task ApplyAsync(Delivery delivery, string provider, string status, string? errorCode, EarlyReceipt? early,
        CancellationToken ct)
    {
        var reason = status == DeliveryStatuses.Undelivered && errorCode is not null ? $"{provider} {errorCode}" : delivery.FailureReason;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = delivery.Status != Delivery.Sent ? 0 : await db.Deliveries
            .Where(d => d.NotificationId == delivery.NotificationId && d.Status == Delivery.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.FailureReason, reason), ct);
        var now = time.GetUtcNow();
        if (changed > 0)
            db.Outbox.Add(OutboxMessage.For(new NotificationDeliveryReported(delivery.NotificationId, status, provider, errorCode, now), now));
        if (early is not null) await db.EarlyReceipts.Where(r => r.Id == early.Id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (changed == 0) return;
        logger.LogInformation("Notification {NotificationId} {Status} according to {Provider}", delivery.NotificationId, status, provider);
    }
}
