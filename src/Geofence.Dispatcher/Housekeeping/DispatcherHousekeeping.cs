using Geofence.Dispatcher.Receipts;
using Geofence.ServiceDefaults.Settings;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Housekeeping;

/// <summary><c>Dispatcher:Housekeeping:*</c> configuration.</summary>
public sealed class HousekeepingSettings
{
    /// <summary>How often early receipts are matched again; also how late an early receipt can show up in the report.</summary>
    [Positive] public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>An early receipt whose delivery has not appeared by then never will (the send was not recorded).</summary>
    [Positive] public TimeSpan EarlyReceiptLifetime { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Attempts prove what was tried for a while; after this they are deleted so the table does not grow forever.</summary>
    [Positive] public TimeSpan AttemptRetention { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>
/// The Dispatcher's periodic chores: applies receipts that arrived before their delivery was committed, drops those
/// that never found one, and deletes attempts past their retention. Safe on every replica at once: receipts are applied
/// with a conditional update and deletes are idempotent.
/// </summary>
public sealed class DispatcherHousekeeping(
    IServiceScopeFactory scopes,
    HousekeepingSettings settings,
    TimeProvider time,
    ILogger<DispatcherHousekeeping> logger) : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        var nextPurge = DateTimeOffset.MinValue;
        do
        {
            try
            {
                await SettleEarlyReceiptsAsync(stoppingToken);
                if (time.GetUtcNow() >= nextPurge)
                {
                    await PurgeAttemptsAsync(stoppingToken);
                    nextPurge = time.GetUtcNow().AddHours(1);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down for a moment; the next tick tries again.
                logger.LogWarning(ex, "Dispatcher housekeeping failed; trying again in {Interval}", settings.Interval);
            }
        } while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    internal async Task SettleEarlyReceiptsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatcherDb>();
        var receipts = scope.ServiceProvider.GetRequiredService<DeliveryReceipts>();
        var waiting = await db.EarlyReceipts.AsNoTracking().OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
        var expiry = time.GetUtcNow().UtcDateTime - settings.EarlyReceiptLifetime;
        foreach (var early in waiting)
        {
            if (await receipts.SettleAsync(early, ct) || early.ReceivedAt >= expiry) continue;
            await db.EarlyReceipts.Where(r => r.Id == early.Id).ExecuteDeleteAsync(ct);
            logger.LogWarning("{Provider} receipt for {ProviderMessageId} found no delivery within {Lifetime}; dropped",
                early.Provider, early.ProviderMessageId, settings.EarlyReceiptLifetime);
        }
    }

    internal async Task PurgeAttemptsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatcherDb>();
        var before = time.GetUtcNow().UtcDateTime - settings.AttemptRetention;
        var deleted = await db.Attempts.Where(a => a.At < before).ExecuteDeleteAsync(ct);
        if (deleted > 0) logger.LogInformation("Deleted {Count} delivery attempts older than {Retention}", deleted, settings.AttemptRetention);
    }
}
