namespace Geofence.Fences;

/// <summary>Read access to one feature's attributes, whatever the file format.</summary>
internal interface IFeatureProperties
{
    /// <summary>
    /// The property's value as trimmed text (numbers in invariant culture), or null when it is absent, null,
    /// blank or not a scalar. The name is matched exactly first, then ignoring case.
    /// </summary>
    string? GetText(string name);
}
