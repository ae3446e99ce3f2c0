using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.PersonalData;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Persons;

/// <summary>
/// Erases what the Dispatcher holds about a person: the sandbox's rendered messages, and the deliveries, attempts and
/// early receipts of their notifications (known by notification id from Admin's report and from the sandbox rows), and
/// outbox rows naming them.
/// </summary>
public sealed class DispatcherPersonErasureConsumer(DispatcherDb db, TimeProvider time, ILogger<DispatcherPersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var notificationIds = await db.SandboxMessages.Where(s => s.PersonKey == m.PersonKey).Select(s => s.NotificationId).ToListAsync(ct);
        notificationIds.AddRange(m.NotificationIds);
        var rows = 0;
        rows += await db.SandboxMessages.Where(s => s.PersonKey == m.PersonKey || notificationIds.Contains(s.NotificationId)).ExecuteDeleteAsync(ct);
        rows += await db.Attempts.Where(a => notificationIds.Contains(a.NotificationId)).ExecuteDeleteAsync(ct);
        rows += await db.Deliveries.Where(d => notificationIds.Contains(d.NotificationId)).ExecuteDeleteAsync(ct);
        rows += await db.EarlyReceipts.Where(r => r.NotificationId != null && notificationIds.Contains(r.NotificationId.Value)).ExecuteDeleteAsync(ct);
        rows += await db.DeleteOutboxRowsAboutAsync(m.PersonKey, ct);
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new PersonErased(m.ErasureId, PersonErased.Dispatcher, rows, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Erasure {ErasureId}: the Dispatcher deleted {Rows} rows", m.ErasureId, rows);
    }
}
