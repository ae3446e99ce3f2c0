using System.Text.Json;

namespace Geofence.Fences;

/// <summary>The <c>properties</c> member of a GeoJSON feature.</summary>
internal sealed class GeoJsonFeatureProperties(JsonElement feature) : IFeatureProperties
{
    public string? GetText(string name)
    {
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (!properties.TryGetProperty(name, out var value))
        {
            value = default;
            foreach (var property in properties.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    break;
                }
            }
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            // Raw text keeps a number exactly as written ("1.50" stays "1.50").
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
