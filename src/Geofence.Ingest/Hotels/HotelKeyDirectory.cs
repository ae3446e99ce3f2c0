using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Hotels;

internal sealed class HotelKeyDirectory(IngestDb db) : IApiKeyDirectory
{
    public async ValueTask<ApiCaller?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        var propertyId = await db.Hotels.Where(h => h.ApiKeyHash == keyHash).Select(h => h.PropertyId)
            .FirstOrDefaultAsync(cancellationToken);
        return propertyId is null ? null : new ApiCaller(ApiCallerKind.Hotel, propertyId);
    }
}
