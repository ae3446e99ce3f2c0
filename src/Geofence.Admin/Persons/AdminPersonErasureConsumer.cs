using Geofence.Contracts;
using Geofence.Messaging.Outbox;
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
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var notificationIds = await db.Notifications.Where(n => n.PersonKey == m.PersonKey).Select(n => n.NotificationId).ToListAsync(ct);
        notificationIds.AddRange(m.NotificationIds);
        var rows = 0;
        rows += await db.InstallClicks.Where(c => notificationIds.Contains(c.NotificationId)).ExecuteDeleteAsync(ct);
        rows += await db.Notifications.Where(n => n.PersonKey == m.PersonKey || notificationIds.Contains(n.NotificationId)).ExecuteDeleteAsync(ct);
        rows += await db.OptOuts.Where(o => o.PersonKey == m.PersonKey && o.Note != null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Note, (string?)null), ct);
        rows += await db.DeleteOutboxRowsAboutAsync(m.PersonKey, ct);
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new PersonErased(m.ErasureId, PersonErased.Admin, rows, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Erasure {ErasureId}: Admin deleted or blanked {Rows} rows", m.ErasureId, rows);
    }

    public Task Consume(ConsumeContext<PersonErased> context) =>
        db.PersonErasures.Where(e => e.ErasureId == context.Message.ErasureId && e.Service == context.Message.Service && e.ConfirmedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ConfirmedAt, context.Message.At.UtcDateTime).SetProperty(e => e.Rows, context.Message.Rows),
                context.CancellationToken);
}
