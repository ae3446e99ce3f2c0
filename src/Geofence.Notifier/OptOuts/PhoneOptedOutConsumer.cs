using Geofence.Contracts;
using Geofence.ServiceDefaults.Bus;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.OptOuts;

/// <summary>Adds the person to the opt-out list; a repeated report keeps the first.</summary>
public sealed class PhoneOptedOutConsumer(NotifierDb db) : IConsumer<PhoneOptedOut>
{
    public async Task Consume(ConsumeContext<PhoneOptedOut> context)
    {
        var m = context.Message;
        if (await db.OptOuts.AnyAsync(o => o.PersonKey == m.PersonKey, context.CancellationToken)) return;
        db.OptOuts.Add(new OptOut { PersonKey = m.PersonKey, Provider = m.Provider, Code = m.Code, At = m.At.UtcDateTime });
        // A racing duplicate fails on the key; the retry then finds the row and stops.
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class PhoneOptedOutConsumerDefinition(BusSettings bus) : RetryingConsumerDefinition<PhoneOptedOutConsumer>(bus);
