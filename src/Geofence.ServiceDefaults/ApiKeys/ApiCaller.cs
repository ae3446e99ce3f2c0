namespace Geofence.ServiceDefaults.ApiKeys;

public enum ApiCallerKind { Admin, Hotel, Feed }

/// <summary>Who presented an API key: an administrator, or a hotel (or feed) identified by its id.</summary>
public sealed record ApiCaller(ApiCallerKind Kind, string? OwnerId);

/// <summary>A service's own store of non-admin keys (hotels in Ingest, for example).</summary>
public interface IApiKeyDirectory
{
    ValueTask<ApiCaller?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);
}
