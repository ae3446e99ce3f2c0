using Geofence.ServiceDefaults.ApiKeys;

namespace Geofence.Admin;

/// <summary>Who saved a template or policy version, as far as the key tells.</summary>
internal static class Editors
{
    /// <summary>The key's owner when keys have one; else its kind (today every admin key is the department's: "admin").</summary>
    public static string Of(HttpContext http) =>
        http.GetApiCaller() is var caller && caller.OwnerId is { } owner ? owner : caller.Kind.ToString().ToLowerInvariant();
}
