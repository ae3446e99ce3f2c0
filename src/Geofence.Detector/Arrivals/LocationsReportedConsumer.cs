using Geofence.Contracts;
using Geofence.Detector.Fences;
using Geofence.Messaging.Outbox;
using MassTransit;

namespace Geofence.Detector.Arrivals;

/// <summary>
/// Handles one batch of pings: each subject's pings in time order, against its last known position. The new
/// positions and the arrivals they reveal are committed together, so a redelivered batch finds every ping already
/// seen (not newer than the subject's last) and changes nothing. A stale ping (older than Ingest's maximum event age
/// when accepted) still moves the subject, so that the next fresh ping is judged against where it really was; an arrival
/// it reveals is passed on marked stale, and the Notifier records it without messaging anyone.
/// </summary>
public sealed class LocationsReportedConsumer(
    DetectorDb db,
    GeofenceSnapshots snapshots,
    DetectorSettings settings,
    TimeProvider time,
    ILogger<LocationsReportedConsumer> logger) : IConsumer<LocationsReported>
{
    public async Task Consume(ConsumeContext<LocationsReported> context)
    {
        var report = context.Message;
        var ct = context.CancellationToken;
        var fences = snapshots.Current;
        var bySubject = report.Pings.GroupBy(p => $"{report.FeedId}/{p.SubjectId}").ToList();
        var keys = bySubject.Select(g => g.Key).ToList();
        var states = await SubjectStates.LoadAsync(db, keys, ct);
        var changed = new List<SubjectState>(keys.Count);
        var now = time.GetUtcNow();
        var arrivals = 0;

        foreach (var subject in bySubject)
        {
            states.TryGetValue(subject.Key, out var state);
            var seen = state?.LastAt;
            foreach (var ping in subject.OrderBy(p => p.At))
            {
                if (ping.AccuracyMeters > settings.MaxAccuracyMeters) continue;
                if (state is not null && ping.At.UtcDateTime <= state.LastAt) continue; // a duplicate or an older ping

                var sighting = ArrivalRule.Judge(state, ping, fences, TimeSpan.FromHours(settings.ReappearanceHours));
                if (sighting.IsArrival)
                {
                    arrivals++;
                    db.Outbox.Add(OutboxMessage.For(new ProvinceEntered(NewId.NextSequentialGuid(), SubjectKinds.Device, subject.Key,
                        sighting.ProvinceCode!, ping.At, "detector", sighting.PointOfEntryCode, report.FeedId, Stale: ping.Stale), now));
                }
                state ??= new SubjectState { Key = subject.Key };
                (state.LastAt, state.LastProvinceCode, state.LastAtPointOfEntry) =
                    (ping.At.UtcDateTime, sighting.ProvinceCode, sighting.PointOfEntryCode is not null);
            }
            if (state is not null && state.LastAt != seen) changed.Add(state);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SubjectStates.SaveAsync(db, changed, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (arrivals > 0)
        {
            logger.LogInformation("Feed {FeedId}: {Arrivals} arrivals in {Pings} pings", report.FeedId, arrivals, report.Pings.Length);
        }
    }
}
