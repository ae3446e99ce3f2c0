using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Geofence.Fences;

/// <summary>
/// A fence as a GeoJSON Feature, the form the API takes and gives and the Detector receives: the geometry (a Point
/// for a circle) and the properties <c>kind</c>, <c>entryType</c>, <c>code</c>, <c>name</c>, <c>validFrom</c>,
/// <c>validTo</c> and <c>radiusMeters</c>; the feature's <c>id</c> is the fence id.
/// </summary>
public static class FenceFeatures
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The fence as a Feature whose id is the fence id.</summary>
    public static JsonObject ToFeature(Fence fence)
    {
        var (geometry, radius) = fence.Shape switch
        {
            PolygonShape polygon => ((Geometry)polygon.Area, (double?)null),
            CircleShape circle => (new Point(circle.Centre.Longitude, circle.Centre.Latitude) { SRID = PolygonShape.Wgs84Srid }, circle.RadiusMetres),
            _ => throw new InvalidOperationException($"Unknown shape {fence.Shape.GetType().Name}"),
        };
        return new JsonObject
        {
            ["type"] = "Feature",
            ["id"] = fence.Id.ToString(),
            ["geometry"] = JsonSerializer.SerializeToNode(geometry, Options),
            ["properties"] = new JsonObject
            {
                ["kind"] = fence.Kind.ToWireName(),
                ["entryType"] = fence.PointOfEntryType?.ToWireName(),
                ["code"] = fence.Code,
                ["name"] = fence.Name,
                ["validFrom"] = fence.Validity.From?.ToString("O", CultureInfo.InvariantCulture),
                ["validTo"] = fence.Validity.To?.ToString("O", CultureInfo.InvariantCulture),
                ["radiusMeters"] = radius,
            },
        };
    }

    /// <summary>The fences as one FeatureCollection, as JSON text.</summary>
    public static string ToFeatureCollection(IEnumerable<Fence> fences) =>
        new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(fences.Select(f => (JsonNode)ToFeature(f)).ToArray()) }
            .ToJsonString();

    /// <summary>Reads fences written by <see cref="ToFeatureCollection"/>; the input is trusted (it was validated when saved).</summary>
    public static IReadOnlyList<Fence> FromFeatureCollection(string json)
    {
        using var document = JsonDocument.Parse(json);
        var fences = new List<Fence>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var id = Guid.Parse(feature.GetProperty("id").GetString()!);
            fences.Add(FromFeature(feature, id, out var problem) ?? throw new InvalidDataException($"fence {id}: {problem}"));
        }
        return fences;
    }

    /// <summary>
    /// Reads one Feature as a caller sent it. Returns null and says why (naming the property) when it is not a valid
    /// fence: unknown kind, missing code or name, a bad ring, coordinates out of range, a circle without a radius.
    /// </summary>
    public static Fence? FromFeature(JsonElement feature, Guid id, out string? problem)
    {
        problem = null;
        if (feature.ValueKind != JsonValueKind.Object || Text(feature, "type") != "Feature")
            return Fail("body: must be a GeoJSON Feature", out problem);
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            return Fail("properties: required (kind, code, name)", out problem);
        if (!FenceWireNames.TryParseFenceKind(Text(properties, "kind"), out var kind))
            return Fail("properties.kind: must be province, point-of-entry or site", out problem);
        PointOfEntryType? entryType = null;
        if (kind == FenceKind.PointOfEntry)
        {
            if (!FenceWireNames.TryParsePointOfEntryType(Text(properties, "entryType"), out var type))
                return Fail("properties.entryType: must be airport, seaport, border-gate, railway-station or bus-station", out problem);
            entryType = type;
        }
        var code = Text(properties, "code");
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return Fail("properties.code: required, at most 64 characters", out problem);
        var name = Text(properties, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) return Fail("properties.name: required, at most 200 characters", out problem);
        if (!TryTime(properties, "validFrom", out var from) || !TryTime(properties, "validTo", out var to))
            return Fail("properties.validFrom/validTo: must be ISO 8601 date-times with an offset", out problem);
        if (from is { } f && to is { } t && f >= t) return Fail("properties.validTo: must be after validFrom", out problem);

        if (!feature.TryGetProperty("geometry", out var geometryJson) || geometryJson.ValueKind != JsonValueKind.Object)
            return Fail("geometry: required", out problem);
        if (GeoJsonGeometryCheck.FindProblem(geometryJson) is { } geometryProblem) return Fail($"geometry: {geometryProblem}", out problem);
        Geometry geometry;
        try
        {
            geometry = geometryJson.Deserialize<Geometry>(Options)!;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return Fail($"geometry: unreadable ({e.Message})", out problem);
        }

        FenceShape shape;
        if (geometry is Point point)
        {
            if (kind == FenceKind.Province) return Fail("geometry: a province must be a Polygon or MultiPolygon", out problem);
            if (!properties.TryGetProperty("radiusMeters", out var r) || r.ValueKind != JsonValueKind.Number
                || !(r.GetDouble() is > 0 and <= CircleShape.MaxRadiusMetres))
                return Fail($"properties.radiusMeters: a Point fence needs a radius in (0, {CircleShape.MaxRadiusMetres}] metres", out problem);
            shape = new CircleShape(new GeoPoint(point.Y, point.X), r.GetDouble());
        }
        else if (PolygonAreaRules.FindProblem(geometry) is { } areaProblem)
        {
            return Fail($"geometry: {areaProblem}", out problem);
        }
        else
        {
            shape = PolygonShape.FromValidated(geometry);
        }

        var validity = new ValidityPeriod(from, to);
        return kind switch
        {
            FenceKind.Province => Fence.Province(id, code, name, (PolygonShape)shape, validity),
            FenceKind.PointOfEntry => Fence.PointOfEntry(id, entryType!.Value, code, name, shape, validity),
            _ => Fence.Site(id, code, name, shape, validity),
        };
    }

    private static Fence? Fail(string reason, out string? problem)
    {
        problem = reason;
        return null;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryTime(JsonElement properties, string property, out DateTimeOffset? value)
    {
        value = null;
        if (!properties.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null) return true;
        if (element.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && element.GetString()!.Contains('T'))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(new GeometryFactory(new PrecisionModel(), PolygonShape.Wgs84Srid)));
        return options;
    }
}
