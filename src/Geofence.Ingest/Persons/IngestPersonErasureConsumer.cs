using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.PersonalData;
using MassTransit;

namespace Geofence.Ingest.Persons;

/// <summary>
/// Erases what Ingest holds about a person: its outbox rows naming them (check-ins, devices and telecom entries, whose
/// sealed values the services' key could open). Its check-in records hold no person data (the reservation and a hash
/// of the body, kept to answer a repeated post), and pass with <c>Privacy:Retention</c>.
/// </summary>
public sealed class IngestPersonErasureConsumer(IngestDb db, TimeProvider time, ILogger<IngestPersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.DeleteOutboxRowsAboutAsync(m.PersonKey, ct);
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new PersonErased(m.ErasureId, PersonErased.Ingest, rows, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Erasure {ErasureId}: Ingest deleted {Rows} rows", m.ErasureId, rows);
    }
}
