using Geofence.Contracts;
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
    public Task Consume(ConsumeContext<PersonErasureRequested> context) =>
        ServiceErasure.RunAsync(db, context.Message, PersonErased.Dispatcher, time, logger, async ct =>
        {
            var m = context.Message;
            var notificationIds = await db.SandboxMessages.Where(s => s.PersonKey == m.PersonKey).Select(s => s.NotificationId).ToListAsync(ct);
            notificationIds.AddRange(m.NotificationIds);
            var rows = await db.SandboxMessages.Where(s => s.PersonKey == m.PersonKey || notificationIds.Contains(s.NotificationId)).ExecuteDeleteAsync(ct)
                + await db.Attempts.Where(a => notificationIds.Contains(a.NotificationId)).ExecuteDeleteAsync(ct)
                + await db.Deliveries.Where(d => notificationIds.Contains(d.NotificationId)).ExecuteDeleteAsync(ct)
                + await db.EarlyReceipts.Where(r => r.NotificationId != null && notificationIds.Contains(r.NotificationId.Value)).ExecuteDeleteAsync(ct);
            return new ErasedRows(rows, notificationIds);
        }, context.CancellationToken);
}
