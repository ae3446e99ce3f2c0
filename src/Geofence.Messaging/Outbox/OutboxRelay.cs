using Geofence.Messaging.Bus;
using Geofence.Messaging.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.Outbox;

/// <summary>
/// Moves a service's outbox rows onto the bus. Rows are claimed before publishing so that replicas share the work,
/// and marked published only after the broker confirmed them: a crash in between publishes a row again, never
/// loses it. A commit that adds rows wakes the relay (<see cref="OutboxSignal{TContext}"/>); a row due later
/// (<see cref="OutboxMessage.NotBefore"/>) wakes it when due.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBusControl bus,
    BusSettings busSettings,
    OutboxSettings settings,
    OutboxSignal<TContext> signal,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : ServiceDbContext
{
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;

    /// <summary>Rows not yet published when the relay last looked.</summary>
    public int Unpublished { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Publishing before the bus has started fails; give it a moment, but stay stoppable.
        for (var waited = 0; waited < 300 && bus.CheckHealth().Status != BusHealthStatus.Healthy; waited++)
        {
            try { await Task.Delay(100, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
        if (busSettings.Transport == BusTransport.InMemory) await ReplayRecentAsync(stoppingToken);

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (full, nextDue) = await PublishBatchAsync(stoppingToken);
                failures = 0;
                if (full) continue;
                var wait = nextDue is { } due && due - time.GetUtcNow() < settings.PollInterval ? due - time.GetUtcNow() : settings.PollInterval;
                if (wait > TimeSpan.Zero) await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogWarning(ex, "Outbox {Context} could not publish; {Unpublished} waiting, retrying in {Delay}",
                    typeof(TContext).Name, Unpublished, delay);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <returns>Whether a whole batch went out (so more may be waiting), and when the next row held back is due.</returns>
    private async Task<(bool Full, DateTimeOffset? NextDue)> PublishBatchAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow().UtcDateTime;

        Unpublished = await db.Outbox.CountAsync(m => m.PublishedAt == null, stoppingToken);
        await CleanUpAsync(db, now, stoppingToken);
        if (Unpublished == 0) return (false, null);

        var token = Guid.NewGuid();
        var candidates = await db.Outbox
            .Where(m => m.PublishedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now) && (m.NotBefore == null || m.NotBefore <= now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(settings.BatchSize).ToListAsync(stoppingToken);
        await db.Outbox
            .Where(m => candidates.Contains(m.Id) && m.PublishedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, now + settings.ClaimDuration)
                .SetProperty(m => m.ClaimToken, token)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), stoppingToken);
        var claimed = await db.Outbox.Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(stoppingToken);

        try
        {
            foreach (var row in claimed)
            {
                var message = row.Deserialize(out var type);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(settings.PublishTimeout);
                await bus.Publish(message, type, timeout.Token);
                row.PublishedAt = time.GetUtcNow().UtcDateTime;
                row.ClaimedUntil = null;
            }
        }
        finally
        {
            // Keep what did go out, and release what did not so that the next attempt starts from the oldest row
            // again: a held claim would let younger rows overtake it.
            foreach (var row in claimed.Where(r => r.PublishedAt is null)) (row.ClaimedUntil, row.ClaimToken) = (null, null);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        Unpublished -= claimed.Count;
        if (candidates.Count == settings.BatchSize) return (true, null);
        var nextDue = await db.Outbox.Where(m => m.PublishedAt == null && m.NotBefore > now).MinAsync(m => m.NotBefore, stoppingToken);
        return (false, nextDue is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null);
    }

    private async Task ReplayRecentAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var since = time.GetUtcNow().UtcDateTime - settings.ReplayOnStart;
        var replayed = await db.Outbox.Where(m => m.PublishedAt != null && m.PublishedAt > since)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, (DateTime?)null), stoppingToken);
        if (replayed > 0)
            logger.LogInformation("Outbox {Context}: publishing {Count} recent messages again after a restart", typeof(TContext).Name, replayed);
    }

    private async Task CleanUpAsync(TContext db, DateTime now, CancellationToken stoppingToken)
    {
        if (now < nextCleanup) return;
        nextCleanup = now + TimeSpan.FromMinutes(5);
        var before = now - settings.Retention;
        await db.Outbox.Where(m => m.PublishedAt != null && m.PublishedAt < before).ExecuteDeleteAsync(stoppingToken);
    }
}
