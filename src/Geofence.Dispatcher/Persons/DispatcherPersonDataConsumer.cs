using Geofence.Contracts;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Persons;

/// <summary>
/// Answers what the Dispatcher holds about a person: the sandbox's rendered messages (without the recipient's number
/// or token), and the deliveries, attempts and early receipts of their notifications, as its erasure finds them.
/// </summary>
public sealed class DispatcherPersonDataConsumer(DispatcherDb db, FieldCipher cipher) : IConsumer<PersonDataRequested>
{
    public async Task Consume(ConsumeContext<PersonDataRequested> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        var sandbox = await db.SandboxMessages.AsNoTracking().Where(s => s.PersonKey == m.PersonKey || m.NotificationIds.Contains(s.NotificationId))
            .OrderBy(s => s.Id).ToListAsync(ct);
        var ids = sandbox.Select(s => s.NotificationId).Concat(m.NotificationIds).Distinct().ToList();
        var tables = new PersonDataTables()
            .Add("deliveries", await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.NotificationId)).OrderBy(d => d.CompletedAt)
                .Select(d => new { d.NotificationId, d.Channel, d.Provider, d.Status, d.FailureReason, d.CompletedAt }).ToListAsync(ct))
            .Add("attempts", await db.Attempts.AsNoTracking().Where(a => ids.Contains(a.NotificationId)).OrderBy(a => a.Id)
                .Select(a => new { a.NotificationId, a.Channel, a.Provider, a.Outcome, a.ErrorCode, a.ErrorAction, a.At }).ToListAsync(ct))
            .Add("receipts", await db.EarlyReceipts.AsNoTracking().Where(r => r.NotificationId != null && ids.Contains(r.NotificationId.Value))
                .OrderBy(r => r.Id).Select(r => new { r.NotificationId, r.Provider, r.Status, r.ErrorCode, r.ReceivedAt }).ToListAsync(ct))
            .Add("sandboxMessages", sandbox.Select(s => new { s.NotificationId, s.Channel, s.DeviceId, s.Language, s.Text, s.SmsParts, s.RecordedAt }))
            .Add("outbox", await db.OutboxRowsAboutAsync(m.PersonKey, ct));
        await context.RespondAsync(tables.SealedFor(PersonErased.Dispatcher, cipher.Protect));
    }
}
