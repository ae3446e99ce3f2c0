using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.OptOuts;

/// <summary>Adds the people providers report as unsubscribed to Admin's list; the department's own changes are written by the API.</summary>
public sealed class OptOutListConsumer(AdminDb db) : IConsumer<PhoneOptedOut>
{
    public async Task Consume(ConsumeContext<PhoneOptedOut> context)
    {
        var m = context.Message;
        var entry = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == m.PersonKey, context.CancellationToken);
        if (entry is null) db.OptOuts.Add(entry = new OptOutEntry { PersonKey = m.PersonKey });
        if (!entry.OptOut(m.Provider, m.Code, null, m.At.UtcDateTime)) return;
        // A racing first write for the same person fails on the key; the retry then finds the row.
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
