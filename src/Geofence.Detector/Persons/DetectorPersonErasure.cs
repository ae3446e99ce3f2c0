using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Detector.Persons;

/// <summary>
/// Forgets where an erased person's devices were last seen and confirms the erasure for the Detector, in one
/// transaction; a redelivered message deletes nothing more and confirms again (Admin keeps the first confirmation).
/// </summary>
public sealed class DevicesForgottenConsumer(DetectorDb db, FieldCipher cipher, TimeProvider time, ILogger<DevicesForgottenConsumer> logger)
    : IConsumer<DevicesForgotten>
{
    public async Task Consume(ConsumeContext<DevicesForgotten> context)
    {
        var ct = context.CancellationToken;
        var keys = JsonSerializer.Deserialize<List<string>>(cipher.Unprotect(context.Message.SealedSubjectKeys)!)!;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = keys.Count == 0 ? 0 : await db.Subjects.Where(s => keys.Contains(s.Key)).ExecuteDeleteAsync(ct);
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new PersonErased(context.Message.ErasureId, PersonErased.Detector, rows, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Erasure {ErasureId}: {Service} deleted {Rows} rows", context.Message.ErasureId, PersonErased.Detector, rows);
    }
}

/// <summary>The Detector's per-device rows past <c>Privacy:Retention</c>: where a device was last seen.</summary>
public sealed class DetectorRetention(IServiceScopeFactory scopes, RetentionSettings settings, TimeProvider time, ILogger<DetectorRetention> logger)
    : RetentionHousekeeping<DetectorDb>(scopes, settings, time, logger)
{
    protected override Task<int> PurgeAsync(DetectorDb db, DateTimeOffset cutoff, CancellationToken ct)
    {
        var before = cutoff.UtcDateTime;
        return DeleteInBatchesAsync(db.Subjects.Where(s => s.LastAt < before), ct);
    }
}
