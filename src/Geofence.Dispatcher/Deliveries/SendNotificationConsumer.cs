using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Providers;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// Sends one notification along its channel chain (push → Zalo → SMS), once: a redelivered command finds the delivery
/// and stops. A permanent refusal is recorded and the next channel tried. A transient failure is recorded and the
/// command handed back to this Dispatcher through its outbox, due after the backoff: the wait holds no consumer slot,
/// so one failing provider does not slow the others, and the retry skips the channels that already refused for good.
/// </summary>
public sealed class SendNotificationConsumer(
    DispatcherDb db,
    IEnumerable<IChannelSender> senders,
    ProviderSelection selection,
    DeliveryRetrySettings retries,
    ProviderAlarms alarms,
    FieldCipher cipher,
    TimeProvider time,
    ILogger<SendNotificationConsumer> logger) : IConsumer<SendNotification>
{
    /// <summary>The report's reason column is short; the full text stays in the delivery row.</summary>
    private const int ReasonLength = 64;

    public Task Consume(ConsumeContext<SendNotification> context) => DeliverAsync(context.Message, context.CancellationToken);

    internal async Task DeliverAsync(SendNotification command, CancellationToken ct)
    {
        if (await db.Deliveries.AnyAsync(d => d.NotificationId == command.NotificationId, ct)) return;

        var earlier = await db.Attempts.AsNoTracking()
            .Where(a => a.NotificationId == command.NotificationId && a.Outcome != AttemptOutcomes.Accepted)
            .OrderBy(a => a.Id).Select(a => new { a.Channel, a.Provider, a.Outcome, a.ErrorCode }).ToListAsync(ct);
        var refused = earlier.Where(a => a.Outcome == AttemptOutcomes.Rejected).ToList();
        var last = refused.LastOrDefault() is { } e ? (e.Channel, e.Provider, Code: e.ErrorCode ?? "", Detail: e.ErrorCode ?? "") : default;

        // Opened for the providers only: a retry hands the sealed command back, never this one.
        foreach (var outgoing in ChannelChain.For(ChannelChain.Open(command, cipher), selection.ZaloEnabled))
        {
            if (refused.Any(a => a.Channel == outgoing.Channel)) continue;
            var sender = senders.FirstOrDefault(s => s.Channel == outgoing.Channel);
            if (sender is null) continue;

            var result = await sender.SendAsync(outgoing, ct);
            alarms.Record(sender.Provider, outgoing.Channel, result);
            var now = time.GetUtcNow();
            switch (result)
            {
                case ProviderResult.Accepted accepted:
                    Record(outgoing, sender, AttemptOutcomes.Accepted, null, now);
                    db.Deliveries.Add(new Delivery
                    {
                        NotificationId = command.NotificationId, Channel = outgoing.Channel, Provider = sender.Provider, Status = Delivery.Sent,
                        ProviderMessageId = accepted.ProviderMessageId, CompletedAt = now.UtcDateTime,
                    });
                    db.Outbox.Add(OutboxMessage.For(new NotificationSent(command.NotificationId, outgoing.Channel, sender.Provider,
                        accepted.ProviderMessageId, now), now));
                    await db.SaveChangesAsync(ct);
                    logger.LogInformation("Notification {NotificationId} sent via {Provider} {Channel}", command.NotificationId,
                        sender.Provider, outgoing.Channel);
                    return;

                case ProviderResult.Rejected { Error: var error }:
                    // The refusal and what it means for the person are committed before the next channel is tried, so
                    // that a retry after a crash or a transient failure does not ask this provider again.
                    Record(outgoing, sender, AttemptOutcomes.Rejected, error, now);
                    if (error.Action == ErrorAction.DropToken)
                        db.Outbox.Add(OutboxMessage.For(new PushTokenRejected(command.NotificationId, command.PersonKey, command.DeviceId,
                            sender.Provider, error.Code, now), now));
                    if (error.Action == ErrorAction.OptOut)
                        db.Outbox.Add(OutboxMessage.For(new PhoneOptedOut(command.NotificationId, command.PersonKey, sender.Provider, error.Code, now), now));
                    await db.SaveChangesAsync(ct);
                    if (error.Action == ErrorAction.Configuration)
                        logger.LogError("{Provider} refuses every message: {Error}. Check its Channels__ settings", sender.Provider, error);
                    else
                        logger.LogWarning("Notification {NotificationId}: {Provider} {Channel} refused it: {Error}", command.NotificationId,
                            sender.Provider, outgoing.Channel, error);
                    last = (outgoing.Channel, sender.Provider, error.Code, error.ToString());
                    if (!ChannelChain.FallsBack(error.Action)) goto failed;
                    continue;

                case ProviderResult.Retry retry:
                    Record(outgoing, sender, AttemptOutcomes.Retry, new ProviderError(ErrorAction.Rejected, retry.Reason, ""), now);
                    if (now - command.CreatedAt >= retries.GiveUpAfter)
                    {
                        last = (outgoing.Channel, sender.Provider, "unavailable",
                            $"{sender.Provider} failing ({retry.Reason}) for longer than {retries.GiveUpAfter}");
                        goto failed;
                    }
                    // The command comes back through the outbox once the backoff (or the provider's Retry-After) has
                    // passed; nothing waits for it meanwhile.
                    var retryNumber = earlier.Count(a => a.Outcome == AttemptOutcomes.Retry) + 1;
                    var due = now + retries.DelayBefore(retryNumber, retry.RetryAfter);
                    db.Outbox.Add(OutboxMessage.For(command, now, notBefore: due));
                    await db.SaveChangesAsync(ct);
                    logger.LogInformation("Notification {NotificationId}: {Provider} unavailable ({Reason}); retry {Retry} due at {Due:O}",
                        command.NotificationId, sender.Provider, retry.Reason, retryNumber, due);
                    return;
            }
        }

    failed:
        var failedAt = time.GetUtcNow();
        var channel = last.Channel ?? (command.PushToken is not null ? ChannelNames.Push : ChannelNames.Sms);
        var provider = last.Provider ?? "none";
        var reason = last.Code is { Length: > 0 } code ? $"{provider} {code}" : "no reachable channel";
        db.Deliveries.Add(new Delivery
        {
            NotificationId = command.NotificationId, Channel = channel, Provider = provider, Status = Delivery.Failed,
            FailureReason = Truncate(last.Detail ?? reason, 500), CompletedAt = failedAt.UtcDateTime,
        });
        db.Outbox.Add(OutboxMessage.For(new NotificationFailed(command.NotificationId, channel, provider, Truncate(reason, ReasonLength), failedAt), failedAt));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Notification {NotificationId} failed on every channel ({Reason})", command.NotificationId, reason);
    }

    private void Record(Outgoing outgoing, IChannelSender sender, string outcome, ProviderError? error, DateTimeOffset at) =>
        db.Attempts.Add(new DeliveryAttempt
        {
            NotificationId = outgoing.NotificationId, Channel = outgoing.Channel, Provider = sender.Provider, Outcome = outcome,
            ErrorCode = error is null ? null : Truncate(error.Code, 64),
            ErrorAction = error is null || outcome == AttemptOutcomes.Retry ? null : error.Action.ToString(), At = at.UtcDateTime,
        });

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>
/// MassTransit's default (prefetch 16, as many at once) caps a provider that takes 200 ms at 80 sends/s, below the
/// MaxPerSecond of FCM or a large Twilio account; <c>Dispatcher:ConcurrentMessageLimit</c> overlaps more of those
/// waits. Each message is still acknowledged after its own delivery row is saved, and a redelivery finds that row, so
/// nothing is sent twice.
/// </summary>
public sealed class SendNotificationConsumerDefinition : ConsumerDefinition<SendNotificationConsumer>
{
    public SendNotificationConsumerDefinition(DispatcherSettings settings)
    {
        if (settings.ConcurrentMessageLimit is { } limit)
            Endpoint(e => (e.PrefetchCount, e.ConcurrentMessageLimit) = (limit, limit));
    }
}
