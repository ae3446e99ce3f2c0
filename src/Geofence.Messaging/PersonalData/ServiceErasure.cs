using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.Persistence;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.PersonalData;

/// <summary>What a service's own part of an erasure did: rows deleted or blanked, and the notification ids it found.</summary>
public sealed record ErasedRows(int Rows, IReadOnlyCollection<Guid> NotificationIds)
{
    public static readonly ErasedRows None = new(0, []);
}

/// <summary>
/// What every service's erasure shares: its own deletes, the outbox rows naming the person or one of their
/// notifications, and the <see cref="PersonErased"/> confirmation in one transaction, so that a service confirms only
/// what it really erased and a redelivered request (after a crash before the commit) erases again from the start.
/// </summary>
public static class ServiceErasure
{
    /// <param name="erase">The service's table-specific part.</param>
    public static async Task RunAsync(ServiceDbContext db, PersonErasureRequested request, string service, TimeProvider time, ILogger logger,
        Func<CancellationToken, Task<ErasedRows>> erase, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var erased = await erase(ct);
        var rows = erased.Rows + await db.DeleteOutboxRowsAboutAsync(request.PersonKey, ct);
        // A published event about a notification (NotificationSent, InstallLinkOpened) names no person, but its id
        // would tie the row to whatever else still knows it.
        foreach (var id in erased.NotificationIds.Concat(request.NotificationIds).Distinct())
            rows += await db.DeleteOutboxRowsAboutAsync(id.ToString(), ct);
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new PersonErased(request.ErasureId, service, rows, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Erasure {ErasureId}: {Service} deleted or blanked {Rows} rows", request.ErasureId, service, rows);
    }
}
