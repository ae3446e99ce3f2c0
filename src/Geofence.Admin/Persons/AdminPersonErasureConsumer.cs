using Geofence.Contracts;
using Geofence.Messaging.PersonalData;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Persons;

/// <summary>
/// Erases what Admin holds about a person (report rows, install clicks, the note on an opt-out and outbox rows naming
/// them) and records each service's confirmation. The opt-out itself stays: the bare hash, its source and time.
/// </summary>
public sealed class AdminPersonErasureConsumer(AdminDb db, TimeProvider time, ILogger<AdminPersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>, IConsumer<PersonErased>
{
    public Task Consume(ConsumeContext<PersonErasureRequested> context) =>
        ServiceErasure.RunAsync(db, context.Message, PersonErased.Admin, time, logger, async ct =>
        {
            var m = context.Message;
            var notificationIds = await db.Notifications.Where(n => n.PersonKey == m.PersonKey).Select(n => n.NotificationId).ToListAsync(ct);
            notificationIds.AddRange(m.NotificationIds);
            var rows = await db.InstallClicks.Where(c => notificationIds.Contains(c.NotificationId)).ExecuteDeleteAsync(ct)
                + await db.Notifications.Where(n => n.PersonKey == m.PersonKey || notificationIds.Contains(n.NotificationId)).ExecuteDeleteAsync(ct)
                + await db.OptOuts.Where(o => o.PersonKey == m.PersonKey && o.Note != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Note, (string?)null), ct);
            return new ErasedRows(rows, notificationIds);
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<PersonErased> context) =>
        db.PersonErasures.Where(e => e.ErasureId == context.Message.ErasureId && e.Service == context.Message.Service && e.ConfirmedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ConfirmedAt, context.Message.At.UtcDateTime).SetProperty(e => e.Rows, context.Message.Rows),
                context.CancellationToken);
}
