using System.Globalization;
using System.Text.Json;

namespace Geofence.Fences;

/// <summary>
/// Structural checks on a GeoJSON geometry before it is turned into an NTS geometry, so that a broken ring is
/// reported as "ring 0 of polygon 1 is not closed" rather than as an exception from a constructor.
/// </summary>
internal static class GeoJsonGeometryCheck
{
    /// <summary>Why the geometry member is malformed, or null when it can be read.</summary>
    public static string? FindProblem(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object)
        {
            return "geometry is not a JSON object";
        }
        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type == "GeometryCollection")
        {
            return geometry.TryGetProperty("geometries", out var parts) && parts.ValueKind == JsonValueKind.Array
                ? parts.EnumerateArray().Select(FindProblem).FirstOrDefault(p => p is not null)
                : "GeometryCollection has no 'geometries' array";
        }
        if (!geometry.TryGetProperty("coordinates", out var coordinates))
        {
            return $"geometry of type '{type}' has no 'coordinates'";
        }
        return type switch
        {
            "Point" => CheckPosition(coordinates) is { } problem ? $"point {problem}" : null,
            "MultiPoint" or "LineString" => CheckEach(coordinates, CheckPosition, "position"),
            "MultiLineString" => CheckEach(coordinates, line => CheckEach(line, CheckPosition, "position"), "line"),
            "Polygon" => CheckPolygon(coordinates),
            "MultiPolygon" => CheckEach(coordinates, CheckPolygon, "polygon"),
            null => "geometry has no 'type'",
            _ => $"unknown geometry type '{type}'",
        };
    }

    /// <summary>
    /// The positions in a geometry (every array of numbers under <c>coordinates</c>, through collections), counting no
    /// further than <paramref name="stopAfter"/>; malformed parts count nothing and are reported by <see cref="FindProblem"/>.
    /// </summary>
    public static long CountPositions(JsonElement geometry, long stopAfter)
    {
        if (geometry.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }
        long count = 0;
        if (geometry.TryGetProperty("coordinates", out var coordinates))
        {
            count += CountPositionsIn(coordinates, stopAfter);
        }
        if (geometry.TryGetProperty("geometries", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts.EnumerateArray())
            {
                if (count >= stopAfter)
                {
                    break;
                }
                count += CountPositions(part, stopAfter - count);
            }
        }
        return count;
    }

    private static long CountPositionsIn(JsonElement coordinates, long stopAfter)
    {
        if (coordinates.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }
        long count = 0;
        foreach (var item in coordinates.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number)
            {
                return 1;
            }
            count += CountPositionsIn(item, stopAfter - count);
            if (count >= stopAfter)
            {
                break;
            }
        }
        return count;
    }

    private static string? CheckPolygon(JsonElement rings)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            return "polygon has no rings";
        }
        return CheckEach(rings, CheckRing, "ring");
    }

    private static string? CheckRing(JsonElement ring)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            return "is not an array of positions";
        }
        if (CheckEach(ring, CheckPosition, "position") is { } problem)
        {
            return problem;
        }
        var count = ring.GetArrayLength();
        if (count < 4)
        {
            return $"has {count} positions; a linear ring needs at least 4";
        }
        var first = ring[0];
        var last = ring[count - 1];
        if (first[0].GetDouble() != last[0].GetDouble() || first[1].GetDouble() != last[1].GetDouble())
        {
            return "is not closed (its first and last positions differ)";
        }
        return null;
    }

    private static string? CheckPosition(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
            || position.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Number))
        {
            return "is not a position of two or three numbers";
        }
        var longitude = position[0].GetDouble();
        var latitude = position[1].GetDouble();
        return CoordinateRules.IsInRange(longitude, latitude)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"({longitude}, {latitude}) is out of range: longitude must be within [-180, 180] and latitude within [-90, 90]");
    }

    private static string? CheckEach(JsonElement array, Func<JsonElement, string?> check, string itemName)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return $"{itemName}s are not an array";
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (check(item) is { } problem)
            {
                return $"{itemName} {index} {problem}";
            }
            index++;
        }
        return null;
    }
}
