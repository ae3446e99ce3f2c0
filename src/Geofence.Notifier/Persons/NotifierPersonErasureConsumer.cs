using System.Text.Json;
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
/// the phones seen by telecom, campaign messages, the note on the opt-out and outbox rows naming them (a message not yet
/// published is not sent); and tells the Detector which devices to forget. The opt-out stays, as the bare hash, so the
/// person stays opted out.
/// </summary>
public sealed class NotifierPersonErasureConsumer(NotifierDb db, PersonKeys personKeys, FieldCipher cipher, TimeProvider time,
    ILogger<NotifierPersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public Task Consume(ConsumeContext<PersonErasureRequested> context) =>
        ServiceErasure.RunAsync(db, context.Message, PersonErased.Notifier, time, logger, ct => EraseAsync(context.Message, ct),
            context.CancellationToken);

    private async Task<ErasedRows> EraseAsync(PersonErasureRequested request, CancellationToken ct)
    {
        var personKey = request.PersonKey;
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
        // The opt-out stays, so the person stays opted out; the note staff wrote on it may name them.
        rows += await db.OptOuts.Where(o => o.PersonKey == personKey && o.Note != null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Note, (string?)null), ct);
        // The person key's and the notifications' outbox rows go in ServiceErasure; the device keys' go here.
        foreach (var key in deviceKeys.Select(personKeys.ForDevice)) rows += await db.DeleteOutboxRowsAboutAsync(key, ct);
        // The Detector knows the devices only by id: tell it which to forget (it confirms the erasure for itself).
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new DevicesForgotten(request.ErasureId, cipher.Protect(JsonSerializer.Serialize(deviceKeys))!, now), now));
        return new ErasedRows(rows, notificationIds);
    }
}
