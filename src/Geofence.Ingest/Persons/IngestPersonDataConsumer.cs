using Geofence.Contracts;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using MassTransit;

namespace Geofence.Ingest.Persons;

/// <summary>
/// Answers what Ingest holds about a person: its outbox rows naming them (check-ins, devices and telecom entries taken
/// in), by kind and time. Its check-in records hold no person data (a reservation and a hash of the body).
/// </summary>
public sealed class IngestPersonDataConsumer(IngestDb db, FieldCipher cipher) : IConsumer<PersonDataRequested>
{
    public async Task Consume(ConsumeContext<PersonDataRequested> context) =>
        await context.RespondAsync(new PersonDataTables()
            .Add("outbox", await db.OutboxRowsAboutAsync(context.Message.PersonKey, context.CancellationToken))
            .SealedFor(PersonErased.Ingest, cipher.Protect));
}
