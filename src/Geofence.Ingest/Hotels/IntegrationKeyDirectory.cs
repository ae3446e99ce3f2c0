using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Hotels;

/// <summary>The keys of the hotels and feeds Admin registered, as Ingest learnt them from its messages.</summary>
internal sealed class IntegrationKeyDirectory(IngestDb db) : IApiKeyDirectory
{
    public async ValueTask<ApiCaller?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        var propertyId = await db.Hotels.Where(h => h.ApiKeyHash == keyHash).Select(h => h.PropertyId)
            .FirstOrDefaultAsync(cancellationToken);
        if (propertyId is not null) return new ApiCaller(ApiCallerKind.Hotel, propertyId);
        var feedId = await db.Feeds.Where(f => f.ApiKeyHash == keyHash).Select(f => f.FeedId).FirstOrDefaultAsync(cancellationToken);
        return feedId is null ? null : new ApiCaller(ApiCallerKind.Feed, feedId);
    }
}
