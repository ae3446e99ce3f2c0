using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Hotels;

/// <summary>Keeps Ingest's hotel and feed keys in step with Admin and confirms them; each key keeps its newest state, so a repeat or a late message is harmless.</summary>
public sealed class ApiKeysChangedConsumer(IngestDb db, TimeProvider time) : IConsumer<ApiKeysChanged>
{
    public async Task Consume(ConsumeContext<ApiKeysChanged> context)
    {
        var states = context.Message.Keys.Where(k => k.Kind is ApiKeyKinds.Hotel or ApiKeyKinds.Feed && k.OwnerId is not null).ToList();
        if (states.Count == 0) return;
        var ids = states.Select(k => k.KeyId).ToList();
        var known = await db.IntegrationKeys.Where(k => ids.Contains(k.KeyId)).ToDictionaryAsync(k => k.KeyId, context.CancellationToken);
        foreach (var state in states)
        {
            if (!known.TryGetValue(state.KeyId, out var key))
            {
                key = new IntegrationKey { KeyId = state.KeyId, Kind = state.Kind, OwnerId = state.OwnerId!, KeyHash = state.KeyHash };
                db.IntegrationKeys.Add(key);
                known[state.KeyId] = key;
            }
            else if (key.ChangedAt > state.ChangedAt.UtcDateTime) continue;
            key.ExpiresAt = state.ExpiresAt?.UtcDateTime;
            key.RevokedAt = state.RevokedAt?.UtcDateTime;
            key.ChangedAt = state.ChangedAt.UtcDateTime;
        }
        db.ConfirmKeys([.. states.Select(s => s.KeyHash)], time);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
