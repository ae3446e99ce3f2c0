using Geofence.Contracts;
using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Hotels;

/// <summary>The keys of the hotels and feeds Admin registered, as Ingest learnt them from its messages.</summary>
internal sealed class IntegrationKeyDirectory(IngestDb db, TimeProvider time) : IApiKeyDirectory
{
    public async ValueTask<ApiCaller?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        // The lookup goes by the hash's index; the hash of a random key tells a timing observer nothing about other keys.
        var tracked = await db.IntegrationKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == keyHash, cancellationToken);
        if (tracked is not null)
        {
            if (!tracked.IsActive(time.GetUtcNow().UtcDateTime) || !ApiKey.HashesEqual(tracked.KeyHash, keyHash)) return null;
            return new ApiCaller(tracked.Kind == ApiKeyKinds.Hotel ? ApiCallerKind.Hotel : ApiCallerKind.Feed, tracked.OwnerId);
        }
        var propertyId = await db.Hotels.Where(h => h.ApiKeyHash == keyHash).Select(h => h.PropertyId)
            .FirstOrDefaultAsync(cancellationToken);
        if (propertyId is not null) return new ApiCaller(ApiCallerKind.Hotel, propertyId);
        var feedId = await db.Feeds.Where(f => f.ApiKeyHash == keyHash).Select(f => f.FeedId).FirstOrDefaultAsync(cancellationToken);
        return feedId is null ? null : new ApiCaller(ApiCallerKind.Feed, feedId);
    }
}
