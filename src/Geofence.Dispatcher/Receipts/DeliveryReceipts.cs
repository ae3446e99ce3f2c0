using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Receipts;

/// <summary>
/// Applies a provider's receipt to the delivery it names (by the provider's message id, or by our notification id where
/// the provider echoes it) and publishes the outcome in the same transaction. The first final receipt wins; repeats
/// and late ones change nothing.
/// </summary>
public sealed class DeliveryReceipts(DispatcherDb db, OutboxRelay<DispatcherDb> relay, TimeProvider time, ILogger<DeliveryReceipts> logger)
{
    public async Task<bool> RecordAsync(string provider, string? providerMessageId, Guid? notificationId, string status, string? errorCode,
        CancellationToken ct)
    {
        Delivery? delivery = null;
        if (notificationId is { } id)
            delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.NotificationId == id && d.Provider == provider, ct);
        if (delivery is null && !string.IsNullOrEmpty(providerMessageId))
            delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Provider == provider && d.ProviderMessageId == providerMessageId, ct);
        if (delivery is null)
        {
            logger.LogWarning("{Provider} receipt for a message this Dispatcher did not send ({ProviderMessageId})", provider, providerMessageId);
            return false;
        }
        if (delivery.Status is DeliveryStatuses.Delivered or DeliveryStatuses.Undelivered) return true;

        var now = time.GetUtcNow();
        delivery.Status = status;
        if (status == DeliveryStatuses.Undelivered && errorCode is not null) delivery.FailureReason = $"{provider} {errorCode}";
        db.Outbox.Add(OutboxMessage.For(new NotificationDeliveryReported(delivery.NotificationId, status, provider, errorCode, now), now));
        await db.SaveChangesAsync(ct);
        relay.Wake();
        logger.LogInformation("Notification {NotificationId} {Status} according to {Provider}", delivery.NotificationId, status, provider);
        return true;
    }
}
