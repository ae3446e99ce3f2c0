using Geofence.Contracts;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.OptOuts;

/// <summary>Keeps the opt-out list: provider refusals and the department's requests add to it, lifts take away; the later wins.</summary>
public sealed class OptOutConsumer(NotifierDb db) : IConsumer<PhoneOptedOut>, IConsumer<OptOutRequested>, IConsumer<OptOutLifted>
{
    public Task Consume(ConsumeContext<PhoneOptedOut> context) =>
        ApplyAsync(context.Message.PersonKey, o => o.OptOut(context.Message.Provider, context.Message.Code, null, context.Message.At.UtcDateTime),
            context.CancellationToken);

    public Task Consume(ConsumeContext<OptOutRequested> context) =>
        ApplyAsync(context.Message.PersonKey,
            o => o.OptOut(OptOutRequested.Source, OptOutRecord.Requested, context.Message.Note, context.Message.At.UtcDateTime),
            context.CancellationToken);

    public Task Consume(ConsumeContext<OptOutLifted> context) =>
        ApplyAsync(context.Message.PersonKey, o => o.Lift(context.Message.At.UtcDateTime), context.CancellationToken);

    private async Task ApplyAsync(string personKey, Func<OptOut, bool> change, CancellationToken ct)
    {
        var optOut = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == personKey, ct);
        if (optOut is null) db.OptOuts.Add(optOut = new OptOut { PersonKey = personKey });
        if (!change(optOut)) return;
        // A racing first write for the same person fails on the key; the retry then finds the row.
        await db.SaveChangesAsync(ct);
    }
}
