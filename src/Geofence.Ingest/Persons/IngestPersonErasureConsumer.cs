using Geofence.Contracts;
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
    public Task Consume(ConsumeContext<PersonErasureRequested> context) =>
        ServiceErasure.RunAsync(db, context.Message, PersonErased.Ingest, time, logger, _ => Task.FromResult(ErasedRows.None), context.CancellationToken);
}
