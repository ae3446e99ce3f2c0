using Geofence.Contracts;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.OptOuts;

/// <summary>
/// Adds the people providers report as unsubscribed, and those who opted out with a message's one-tap link, to
/// Admin's list; the department's own changes are written by the API.
/// </summary>
public sealed class OptOutListConsumer(AdminDb db) : IConsumer<PhoneOptedOut>, IConsumer<OptedOutByLink>
{
    public Task Consume(ConsumeContext<PhoneOptedOut> context) =>
        RecordAsync(context.Message.PersonKey, context.Message.Provider, context.Message.Code, context.Message.At, context.CancellationToken);

    public Task Consume(ConsumeContext<OptedOutByLink> context) =>
        RecordAsync(context.Message.PersonKey, OptedOutByLink.Source, OptOutRecord.Requested, context.Message.At, context.CancellationToken);

    private async Task RecordAsync(string personKey, string source, string code, DateTimeOffset at, CancellationToken ct)
    {
        var entry = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == personKey, ct);
        if (entry is null) db.OptOuts.Add(entry = new OptOutEntry { PersonKey = personKey });
        if (!entry.OptOut(source, code, null, at.UtcDateTime)) return;
        // A racing first write for the same person fails on the key; the retry then finds the row.
        await db.SaveChangesAsync(ct);
    }
}
