using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Keys;

/// <summary>A service started or refreshes: it is told every admin key, revoked ones too, so it forgets what it must.</summary>
public sealed class AdminKeysRequestedConsumer(AdminDb db) : IConsumer<AdminKeysRequested>
{
    public async Task Consume(ConsumeContext<AdminKeysRequested> context)
    {
        var keys = await db.IssuedKeys.AsNoTracking().Where(k => k.Kind == ApiKeyKinds.Admin).ToListAsync(context.CancellationToken);
        if (keys.Count > 0) await context.Publish(new ApiKeysChanged([.. keys.Select(k => k.State())]), context.CancellationToken);
    }
}

/// <summary>Keeps each key's <c>lastUsedAt</c> from the services' batched reports; an older report changes nothing.</summary>
public sealed class ApiKeysUsedConsumer(AdminDb db) : IConsumer<ApiKeysUsed>
{
    public async Task Consume(ConsumeContext<ApiKeysUsed> context)
    {
        foreach (var use in context.Message.Uses)
        {
            var at = use.LastUsedAt.UtcDateTime;
            await db.IssuedKeys.Where(k => k.KeyHash == use.KeyHash && (k.LastUsedAt == null || k.LastUsedAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), context.CancellationToken);
        }
    }
}
