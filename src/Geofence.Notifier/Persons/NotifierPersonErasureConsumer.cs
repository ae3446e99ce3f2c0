using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Persons;

/// <summary>
/// Erases what the Notifier holds about a person: the ledger (visits, decisions, sends, the person's gate state),
/// devices registered with the number (and what was sent to them as devices), reminders, links, audience memberships,
/// the phones seen by telecom, campaign messages and outbox rows naming them (a message not yet published is not sent). The opt-out stays, as the bare hash, so the person stays opted out.
/// </summary>
public sealed class NotifierPersonErasureConsumer(NotifierDb db, PersonKeys personKeys, TimeProvider time, ILogger<NotifierPersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var ct = context.CancellationToken;
        var personKey = context.Message.PersonKey;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // A device that registered with the number was told as a device: its own person key identifies them too.
        var deviceKeys = await db.Devices.Where(d => d.PhoneKey == personKey).Select(d => d.Key).ToListAsync(ct);
        var keys = deviceKeys.Select(personKeys.ForDevice).Append(personKey).ToList();

        var visitIds = await db.Visits.Where(v => keys.Contains(v.PersonKey)).Select(v => v.NotificationId).ToListAsync(ct);
        var notificationIds = visitIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty)
            .Concat(await db.Sends.Where(s => keys.Contains(s.PersonKey)).Select(s => s.NotificationId).ToListAsync(ct))
            .Concat(await db.Schedule.Where(s => keys.Contains(s.PersonKey)).Select(s => s.NotificationId).ToListAsync(ct))
            .Concat(await db.Links.Where(l => keys.Contains(l.PersonKey)).Select(l => l.NotificationId).ToListAsync(ct))
            .Concat(await db.CampaignWork.Where(w => keys.Contains(w.PersonKey)).Select(w => w.NotificationId).ToListAsync(ct))
            .Where(id => id != Guid.Empty).Distinct().ToList();

        var rows = 0;
        rows += await db.Decisions.Where(d => notificationIds.Contains(d.NotificationId)).ExecuteDeleteAsync(ct);
        rows += await db.Visits.Where(v => keys.Contains(v.PersonKey)).ExecuteDeleteAsync(ct);
        rows += await db.Sends.Where(s => keys.Contains(s.PersonKey)).ExecuteDeleteAsync(ct);
        rows += await db.People.Where(p => keys.Contains(p.PersonKey)).ExecuteDeleteAsync(ct);
        rows += await db.Schedule.Where(s => keys.Contains(s.PersonKey)).ExecuteDeleteAsync(ct);
        rows += await db.Links.Where(l => keys.Contains(l.PersonKey)).ExecuteDeleteAsync(ct);
        rows += await db.CampaignWork.Where(w => keys.Contains(w.PersonKey)).ExecuteDeleteAsync(ct);
        rows += await db.SeenPhones.Where(p => p.PersonKey == personKey).ExecuteDeleteAsync(ct);
        foreach (var audience in await db.AudienceMembers.Where(m => m.PersonKey == personKey).GroupBy(m => m.AudienceId)
                     .Select(g => new { AudienceId = g.Key, Count = g.Count() }).ToListAsync(ct))
        {
            rows += await db.AudienceMembers.Where(m => m.AudienceId == audience.AudienceId && m.PersonKey == personKey).ExecuteDeleteAsync(ct);
            await db.Audiences.Where(a => a.AudienceId == audience.AudienceId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Members, a => a.Members - audience.Count), ct);
        }
        rows += await db.Devices.Where(d => d.PhoneKey == personKey).ExecuteDeleteAsync(ct);
        foreach (var key in keys) rows += await db.DeleteOutboxRowsAboutAsync(key, ct);

        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new PersonErased(context.Message.ErasureId, PersonErased.Notifier, rows, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Erasure {ErasureId}: the Notifier deleted {Rows} rows", context.Message.ErasureId, rows);
    }
}
