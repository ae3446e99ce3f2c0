using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Reminders;

/// <summary><c>Reminders:*</c> configuration.</summary>
public sealed class ReminderSettings
{
    /// <summary>How often the schedule is looked at for due rows.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many due rows are handled per look.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Sends what the schedule says is due: reminders and messages quiet hours held back. Runs on every replica; each row is
/// claimed in the transaction that writes its outcome, so it happens once whichever replica gets it, restarts included.
/// </summary>
public sealed class ReminderScheduler(IServiceScopeFactory scopes, ReminderSettings settings, TimeProvider time, ILogger<ReminderScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        try
        {
            do
            {
                try
                {
                    await RunDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not handle due reminders; trying again at the next tick");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Handles every row due now (one batch); returns their outcomes.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken ct)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<ScheduledMessage> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<NotifierDb>().Schedule.AsNoTracking()
                .Where(s => s.Status == ScheduledMessage.Pending && s.DueAtMs <= nowMs)
                .OrderBy(s => s.DueAtMs).Take(settings.BatchSize).ToListAsync(ct);
        }
        var outcomes = new List<string>(due.Count);
        foreach (var row in due)
        {
            // A scope per row, so that one row's entities do not pile up.
            // A row that fails stays pending and is tried again at the next tick; the others go on.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                outcomes.Add(await scope.ServiceProvider.GetRequiredService<ReminderSender>().HandleAsync(row, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not handle scheduled {Kind} {Id}", row.Kind, row.Id);
            }
        }
        return outcomes;
    }
}
