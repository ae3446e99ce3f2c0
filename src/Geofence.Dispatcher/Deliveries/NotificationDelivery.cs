using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Providers;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// Sends one notification along its channel chain (push → Zalo → SMS), once: a redelivered command finds the delivery
/// and stops. A permanent refusal is recorded and the next channel tried. A transient failure is recorded and the
/// command handed back to this Dispatcher through its outbox, on the lane it came in on, due after the backoff: the
/// wait holds no consumer slot, so one failing provider does not slow the others, and the retry skips the channels that
/// already refused for good. Both lanes share it: arrivals and reminders (<see cref="SendNotificationConsumer"/>) with
/// <see cref="SendPriority.Immediate"/>, campaigns (<see cref="Campaigns.SendCampaignNotificationConsumer"/>) with
/// <see cref="SendPriority.Background"/>.
/// </summary>
public sealed class NotificationDelivery(
    DispatcherDb db,
    IEnumerable<IChannelSender> senders,
    ProviderSelection selection,
    DeliveryRetrySettings retries,
    ProviderAlarms alarms,
    FieldCipher cipher,
    TimeProvider time,
    ILogger<NotificationDelivery> logger)
{
    /// <summary>The failure code of a campaign message whose provider call a crash interrupted (see <see cref="AttemptOutcomes.Sending"/>).</summary>
    public const string OutcomeUnknown = "outcome-unknown";

    /// <summary>The report's reason column is short; the full text stays in the delivery row.</summary>
    private const int ReasonLength = 64;

    /// <param name="priority">
    /// The lane: <see cref="SendPriority.Background"/> is the campaign lane, whose commands wait for the providers'
    /// permits behind every immediate send and come back for a retry as <see cref="SendCampaignNotification"/>.
    /// </param>
    public async Task DeliverAsync(SendNotification command, SendPriority priority, CancellationToken ct)
    {
        if (await db.Deliveries.AnyAsync(d => d.NotificationId == command.NotificationId, ct)) return;

        var earlier = await db.Attempts.AsNoTracking()
            .Where(a => a.NotificationId == command.NotificationId && a.Outcome != AttemptOutcomes.Accepted)
            .OrderBy(a => a.Id).Select(a => new { a.Channel, a.Provider, a.Outcome, a.ErrorCode }).ToListAsync(ct);
        var refused = earlier.Where(a => a.Outcome == AttemptOutcomes.Rejected).ToList();
        // A channel whose last attempt is still "sending": the Dispatcher died during that call (campaign lane only).
        var interrupted = earlier.GroupBy(a => a.Channel).Where(g => g.Last().Outcome == AttemptOutcomes.Sending).Select(g => g.Key).ToHashSet();
        var last = refused.LastOrDefault() is { } e ? (e.Channel, e.Provider, Code: e.ErrorCode ?? "", Detail: e.ErrorCode ?? "") : default;

        // Opened for the providers only: a retry hands the sealed command back, never this one.
        foreach (var outgoing in ChannelChain.For(ChannelChain.Open(command, cipher), selection.ZaloEnabled, priority))
        {
            if (refused.Any(a => a.Channel == outgoing.Channel)) continue;
            var sender = senders.FirstOrDefault(s => s.Channel == outgoing.Channel);
            if (sender is null) continue;

            if (priority == SendPriority.Background)
            {
                // A campaign reaches hundreds of thousands of people who asked for nothing: it sends at most once. If a
                // crash lost the outcome of a call to a provider that would deliver a repeat, the message is not sent
                // again on this or any other channel; it is reported failed as outcome-unknown.
                if (interrupted.Contains(outgoing.Channel) && !sender.RecognisesRepeats)
                {
                    last = (outgoing.Channel, sender.Provider, OutcomeUnknown,
                        $"the Dispatcher stopped during the call to {sender.Provider}; not sent again, as {sender.Provider} would deliver a repeat");
                    goto failed;
                }
                Record(outgoing, sender, AttemptOutcomes.Sending, null, time.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }

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
                        accepted.ProviderMessageId, now, command.CampaignId, outgoing.SmsParts), now));
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
                    if (priority == SendPriority.Background)
                        db.Outbox.Add(OutboxMessage.For(new SendCampaignNotification(command), now, notBefore: due));
                    else
                        db.Outbox.Add(OutboxMessage.For(command, now, notBefore: due));
                    await db.SaveChangesAsync(ct);
                    logger.LogInformation("Notification {NotificationId}: {Provider} unavailable ({Reason}); retry {Retry} due at {Due:O}",
                        command.NotificationId, sender.Provider, retry.Reason, retryNumber, due);
                    return;
            }
        }

    failed:
        var failedAt = time.GetUtcNow();
        var channel = last.Channel ?? FirstChannel(command);
        var provider = last.Provider ?? "none";
        var reason = last.Code is { Length: > 0 } code ? $"{provider} {code}" : "no reachable channel";
        db.Deliveries.Add(new Delivery
        {
            NotificationId = command.NotificationId, Channel = channel, Provider = provider, Status = Delivery.Failed,
            FailureReason = Truncate(last.Detail ?? reason, 500), CompletedAt = failedAt.UtcDateTime,
        });
        db.Outbox.Add(OutboxMessage.For(new NotificationFailed(command.NotificationId, channel, provider, Truncate(reason, ReasonLength), failedAt,
            command.CampaignId), failedAt));
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

    /// <summary>The channel a command that reached no provider is reported on: the one it would have tried first.</summary>
    private static string FirstChannel(SendNotification command)
    {
        var usual = command.PushToken is not null ? ChannelNames.Push : ChannelNames.Sms;
        return command.AllowedChannels is { Length: > 0 } allowed && !ChannelChain.Allows(command, usual) ? allowed[0] : usual;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
