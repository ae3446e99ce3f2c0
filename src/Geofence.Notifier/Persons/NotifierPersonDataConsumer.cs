using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using static Geofence.Messaging.PersonalData.PersonDataExport;

namespace Geofence.Notifier.Persons;

/// <summary>
/// Answers what the Notifier holds about a person: the same tables its erasure empties (devices registered with the
/// number count, by their own person keys), decrypted where that says something the person gave, with numbers and push
/// tokens left out or masked.
/// </summary>
public sealed class NotifierPersonDataConsumer(NotifierDb db, PersonKeys personKeys, FieldCipher cipher) : IConsumer<PersonDataRequested>
{
    public async Task Consume(ConsumeContext<PersonDataRequested> context)
    {
        var ct = context.CancellationToken;
        var personKey = context.Message.PersonKey;
        var devices = await db.Devices.AsNoTracking().Where(d => d.PhoneKey == personKey).OrderBy(d => d.RegisteredAt).ToListAsync(ct);
        var keys = devices.Select(d => personKeys.ForDevice(d.Key)).Append(personKey).ToList();

        var visits = await db.Visits.AsNoTracking().Where(v => keys.Contains(v.PersonKey)).ToListAsync(ct);
        var decisionKeys = visits.Select(v => v.DecisionKey).ToList();
        var decisions = await db.Decisions.AsNoTracking().Where(d => decisionKeys.Contains(d.Key)).ToListAsync(ct);
        var schedule = await db.Schedule.AsNoTracking().Where(s => keys.Contains(s.PersonKey)).OrderBy(s => s.DueAtMs).ToListAsync(ct);
        var memberships = await db.AudienceMembers.AsNoTracking().Where(m => m.PersonKey == personKey)
            .Join(db.Audiences, m => m.AudienceId, a => a.AudienceId, (m, a) => new { a.AudienceId, a.Name, a.Kind, m.Language, PersonName = m.Name, m.Line, m.Phone })
            .ToListAsync(ct);

        var tables = new PersonDataTables()
            .Add("devices", devices.Select(d => new
            {
                d.DeviceId, d.Platform, PushToken = Masked(cipher.Unprotect(d.PushToken)), d.Language, Phone = Held(d.Phone),
                d.BluezoneInstalled, d.RegisteredAt,
            }))
            .Add("visits", visits.OrderBy(v => v.NotifiedAtMs).Select(v => new
            {
                v.ProvinceCode, v.NotificationId, NotifiedAt = AtMs(v.NotifiedAtMs),
                Decision = decisions.FirstOrDefault(d => d.Key == v.DecisionKey) is { } d ? new { d.Outcome, d.DecidedAt } : null,
            }))
            .Add("sends", (await db.Sends.AsNoTracking().Where(s => keys.Contains(s.PersonKey)).OrderBy(s => s.AtMs).ToListAsync(ct))
                .Select(s => new { s.NotificationId, At = AtMs(s.AtMs) }))
            .Add("gate", (await db.People.AsNoTracking().Where(p => keys.Contains(p.PersonKey)).ToListAsync(ct))
                .Select(p => new { InstalledAt = AtMs(p.InstalledAtMs), TouchedAt = AtMs(p.TouchedAtMs) }))
            .Add("optOuts", (await db.OptOuts.AsNoTracking().Where(o => keys.Contains(o.PersonKey)).ToListAsync(ct))
                .Select(o => new { o.Source, o.OptedOutAt, o.LiftedAt, o.IsActive }))
            .Add("reminders", schedule.Select(s => new
            {
                s.Kind, s.Status, DueAt = AtMs(s.DueAtMs), s.ProvinceCode, s.PropertyId, s.Number, s.VisitTrigger,
                ArrivedAt = AtMs(s.ArrivedAtMs), VisitEndsAt = AtMs(s.VisitEndsAtMs), s.NotificationId, Addressee = AddresseeOf(s),
            }))
            .Add("links", (await db.Links.AsNoTracking().Where(l => keys.Contains(l.PersonKey)).OrderBy(l => l.CreatedAt).ToListAsync(ct))
                .Select(l => new { l.NotificationId, l.Language, l.ProvinceCode, l.CreatedAt, l.ExpiresAt, l.InstallClicks, l.OptedOutAt }))
            .Add("audienceMemberships", memberships.Select(m => new
            {
                m.AudienceId, Audience = m.Name, m.Kind, m.Language, Name = cipher.Unprotect(m.PersonName), m.Line, Phone = Held(m.Phone),
            }))
            .Add("seenByTelecom", (await db.SeenPhones.AsNoTracking().Where(p => p.PersonKey == personKey).ToListAsync(ct))
                .Select(p => new { p.ProvinceCode, LastSeenAt = AtMs(p.LastSeenAtMs), Phone = Held(p.Phone) }))
            .Add("campaignMessages", (await db.CampaignWork.AsNoTracking().Where(w => keys.Contains(w.PersonKey)).ToListAsync(ct))
                .Select(w => new
                {
                    w.CampaignId, w.Round, w.NotificationId, w.Status, w.Reason, w.Channel, w.SmsParts,
                    QueuedAt = AtMs(w.QueuedAtMs), SentAt = AtMs(w.SentAtMs), UpdatedAt = AtMs(w.UpdatedAtMs),
                }))
            .Add("outbox", await OutboxRowsAsync(keys, ct));
        await context.RespondAsync(tables.SealedFor(PersonErased.Notifier, cipher.Protect));
    }

    private object? AddresseeOf(Reminders.ScheduledMessage reminder) =>
        reminder.Recipient is null ? null
            : JsonSerializer.Deserialize<Reminders.StoredAddressee>(cipher.Unprotect(reminder.Recipient)!) is { } a
                ? new { a.FirstName, a.LastName, a.Language, a.Nationality, Phone = Held(a.Phone) }
                : null;

    private async Task<List<OutboxRowAbout>> OutboxRowsAsync(List<string> keys, CancellationToken ct)
    {
        var rows = new List<OutboxRowAbout>();
        foreach (var key in keys) rows.AddRange(await db.OutboxRowsAboutAsync(key, ct));
        return rows;
    }
}
