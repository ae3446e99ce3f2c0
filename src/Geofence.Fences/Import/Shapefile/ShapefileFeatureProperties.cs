using System.Globalization;
using NetTopologySuite.Features;

namespace Geofence.Fences;

/// <summary>The DBF attributes of one shapefile record.</summary>
internal sealed class ShapefileFeatureProperties(IAttributesTable? attributes) : IFeatureProperties
{
    public string? GetText(string name)
    {
        if (attributes is null)
        {
            return null;
        }
        var names = attributes.GetNames();
        // DBF field names are often upper-case and cut to 10 characters; an exact match still wins.
        var field = Array.Find(names, n => n == name) ?? Array.Find(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        var text = field is null ? null : attributes[field] switch
        {
            null or DBNull => null,
            string s => s,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
