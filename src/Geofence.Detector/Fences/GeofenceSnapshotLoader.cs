using Microsoft.EntityFrameworkCore;

namespace Geofence.Detector.Fences;

/// <summary>
/// Loads the stored fence set before the Detector takes its first ping, then looks for a newer stored version now
/// and then, in case this replica was down or not yet subscribed when a change was announced.
/// </summary>
public sealed class GeofenceSnapshotLoader(IServiceScopeFactory scopes, GeofenceSnapshots snapshots, ILogger<GeofenceSnapshotLoader> logger)
    : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadNewerAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckEvery, stoppingToken);
                await LoadNewerAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not check for a newer geofence set");
            }
        }
    }

    private async Task LoadNewerAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DetectorDb>();
        var version = await db.GeofenceSets.Where(s => s.Id == StoredGeofenceSet.SingleRow).Select(s => (long?)s.Version).FirstOrDefaultAsync(ct);
        if (version is not { } stored || stored <= snapshots.Version) return;
        var set = await db.GeofenceSets.AsNoTracking().SingleAsync(s => s.Id == StoredGeofenceSet.SingleRow, ct);
        snapshots.Apply(set.Version, set.FeatureCollection);
    }
}
