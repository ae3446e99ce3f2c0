using Geofence.Messaging.PersonalData;

namespace Geofence.Dispatcher.Persons;

/// <summary>
/// The Dispatcher's per-person rows past <c>Privacy:Retention</c>: the sandbox's rendered messages and deliveries
/// (attempts have their own, shorter retention in <c>DispatcherHousekeeping</c>).
/// </summary>
public sealed class DispatcherRetention(IServiceScopeFactory scopes, RetentionSettings settings, TimeProvider time, ILogger<DispatcherRetention> logger)
    : RetentionHousekeeping<DispatcherDb>(scopes, settings, time, logger)
{
    protected override async Task<int> PurgeAsync(DispatcherDb db, DateTimeOffset cutoff, CancellationToken ct)
    {
        var before = cutoff.UtcDateTime;
        return await DeleteInBatchesAsync(db.SandboxMessages.Where(m => m.RecordedAt < before), ct)
            + await DeleteInBatchesAsync(db.Deliveries.Where(d => d.CompletedAt < before), ct);
    }
}
