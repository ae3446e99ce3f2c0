using Geofence.Contracts;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Persons;

/// <summary>
/// Answers what Admin holds about a person: the report's rows (each notification with its status, channel and times),
/// install clicks on their links, the opt-out and outbox rows naming them. Asked over the bus like the other services,
/// so that an export reads the same whether Admin runs alone or with the others.
/// </summary>
public sealed class AdminPersonDataConsumer(AdminDb db, FieldCipher cipher) : IConsumer<PersonDataRequested>
{
    public async Task Consume(ConsumeContext<PersonDataRequested> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        var notifications = await db.Notifications.AsNoTracking()
            .Where(n => n.PersonKey == m.PersonKey || m.NotificationIds.Contains(n.NotificationId)).OrderBy(n => n.Sequence)
            .Select(n => new
            {
                n.NotificationId, n.Trigger, n.Channel, n.Provider, n.Language, n.Status, n.Reason, n.ProvinceCode, n.PropertyId,
                n.DeviceId, n.Text, n.SmsParts, n.CreatedAt, n.SentAt, n.DueAt, n.InstallClicks, n.CampaignId, n.CampaignRound,
            }).ToListAsync(ct);
        var ids = notifications.Select(n => n.NotificationId).ToList();
        var tables = new PersonDataTables()
            .Add("notifications", notifications)
            .Add("installClicks", await db.InstallClicks.AsNoTracking().Where(c => ids.Contains(c.NotificationId)).OrderBy(c => c.At)
                .Select(c => new { c.NotificationId, c.At, c.Platform }).ToListAsync(ct))
            .Add("optOuts", (await db.OptOuts.AsNoTracking().Where(o => o.PersonKey == m.PersonKey).ToListAsync(ct))
                .Select(o => new { o.Source, o.Code, o.Note, o.OptedOutAt, o.LiftedAt, o.IsActive }))
            .Add("outbox", await db.OutboxRowsAboutAsync(m.PersonKey, ct));
        await context.RespondAsync(tables.SealedFor(PersonErased.Admin, cipher.Protect));
    }
}
