using Geofence.Messaging.Persistence;
using Geofence.ServiceDefaults.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.PersonalData;

/// <summary><c>Privacy:*</c> configuration read by every service's retention housekeeping.</summary>
public sealed class RetentionSettings
{
    /// <summary>Per-person rows (report, ledger, check-ins, reminders done, campaign messages) older than this are deleted.</summary>
    [Positive] public TimeSpan Retention { get; set; } = TimeSpan.FromDays(180);
    /// <summary>How often each service looks for rows past their retention.</summary>
    [Positive] public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes a service's per-person rows once they are older than <see cref="RetentionSettings.Retention"/> (Decree
/// 13/2023: kept no longer than their purpose needs), on a <see cref="TimeProvider"/> timer, in batches so that a first
/// sweep over a large backlog never holds long locks. Safe on every replica at once: deletes are idempotent.
/// </summary>
public abstract class RetentionHousekeeping<TDb>(IServiceScopeFactory scopes, RetentionSettings settings, TimeProvider time, ILogger logger)
    : BackgroundService where TDb : ServiceDbContext
{
    protected const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.RetentionSweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down for a moment, or the schema not yet migrated; the next tick tries again.
                logger.LogWarning(ex, "Retention housekeeping failed; trying again in {Interval}", settings.RetentionSweepInterval);
            }
        } while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>One sweep: every row older than the retention, as of now; returns how many were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var cutoff = time.GetUtcNow() - settings.Retention;
        var deleted = await PurgeAsync(db, cutoff, ct);
        if (deleted > 0) logger.LogInformation("Deleted {Count} rows older than {Retention}", deleted, settings.Retention);
        return deleted;
    }

    /// <summary>Deletes the service's rows from before <paramref name="cutoff"/>.</summary>
    protected abstract Task<int> PurgeAsync(TDb db, DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Deletes <paramref name="rows"/> <see cref="Batch"/> at a time.</summary>
    protected static async Task<int> DeleteInBatchesAsync<T>(IQueryable<T> rows, CancellationToken ct)
    {
        int total = 0, deleted;
        do
        {
            deleted = await rows.Take(Batch).ExecuteDeleteAsync(ct);
            total += deleted;
        } while (deleted == Batch);
        return total;
    }
}

public static class PersonalDataRegistration
{
    /// <summary>The service's retention housekeeping, with <c>Privacy:Retention</c>.</summary>
    public static IHostApplicationBuilder AddRetentionHousekeeping<THousekeeping>(this IHostApplicationBuilder builder)
        where THousekeeping : class, IHostedService
    {
        builder.AddSettings<RetentionSettings>("Privacy");
        builder.Services.AddSingleton<THousekeeping>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<THousekeeping>());
        return builder;
    }
}

public static class OutboxErasure
{
    /// <summary>
    /// Deletes the outbox rows whose message names <paramref name="personKeyOrId"/> (a person key or a notification id),
    /// published or not: their sealed values could be opened with the service's key for as long as the rows are kept. An
    /// unpublished one is not sent at all.
    /// </summary>
    public static Task<int> DeleteOutboxRowsAboutAsync(this ServiceDbContext db, string personKeyOrId, CancellationToken ct) =>
        db.Outbox.Where(o => o.Body.Contains(personKeyOrId)).ExecuteDeleteAsync(ct);
}
