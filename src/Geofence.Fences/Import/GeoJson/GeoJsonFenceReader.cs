using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Geofence.Fences;

/// <summary>Reads an RFC 7946 FeatureCollection (WGS84 lon/lat) into fences.</summary>
internal static class GeoJsonFenceReader
{
    // RFC 7946 fixes the CRS to WGS84 lon/lat; these are the names older (2008) GeoJSON used for it.
    private static readonly HashSet<string> Wgs84CrsNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "urn:ogc:def:crs:EPSG::4326",
        "EPSG:4326",
    };

    private static readonly JsonSerializerOptions SerializerOptions = CreateSerializerOptions();

    public static FenceImportResult Read(ReadOnlyMemory<byte> utf8Json, FenceImportOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            return FenceImportResult.Failure($"not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;
            if (type != "FeatureCollection")
            {
                return FenceImportResult.Failure($"not a GeoJSON FeatureCollection (type is '{type ?? root.ValueKind.ToString()}')");
            }
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                return FenceImportResult.Failure("the FeatureCollection has no 'features' array");
            }
            if (FindNonWgs84Crs(root) is { } crs)
            {
                return FenceImportResult.Failure($"unknown coordinate reference system '{crs}': GeoJSON must be WGS84 longitude/latitude (RFC 7946)");
            }

            // Counted before any geometry is built: the limits hold however the file is shaped.
            if (features.GetArrayLength() > options.MaxFeatures)
            {
                return FenceImportResult.TooManyFeatures(options, features.GetArrayLength());
            }
            long vertices = 0;
            foreach (var feature in features.EnumerateArray())
            {
                if (feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("geometry", out var geometry))
                {
                    vertices += GeoJsonGeometryCheck.CountPositions(geometry, options.MaxVertices - vertices + 1);
                }
                if (vertices > options.MaxVertices)
                {
                    return FenceImportResult.TooManyVertices(options, vertices);
                }
            }

            var batch = new ImportBatch(options);
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                AddFeature(batch, index++, feature);
            }
            return batch.Finish();
        }
    }

    private static void AddFeature(ImportBatch batch, int index, JsonElement feature)
    {
        if (feature.ValueKind != JsonValueKind.Object
            || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
        {
            batch.AddError(index, null, "not a GeoJSON Feature");
            return;
        }
        var properties = new GeoJsonFeatureProperties(feature);
        if (!feature.TryGetProperty("geometry", out var geometryJson) || geometryJson.ValueKind == JsonValueKind.Null)
        {
            batch.AddFeature(index, properties, geometry: null);
            return;
        }
        if (GeoJsonGeometryCheck.FindProblem(geometryJson) is { } problem)
        {
            batch.AddFeature(index, properties, geometry: null, problem);
            return;
        }
        Geometry? geometry;
        try
        {
            geometry = geometryJson.Deserialize<Geometry>(SerializerOptions);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            batch.AddFeature(index, properties, geometry: null, $"unreadable geometry: {e.Message}");
            return;
        }
        batch.AddFeature(index, properties, geometry);
    }

    private static string? FindNonWgs84Crs(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var name = crs.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : null;
        return name is not null && Wgs84CrsNames.Contains(name) ? null : name ?? crs.GetRawText();
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var serializerOptions = new JsonSerializerOptions();
        serializerOptions.Converters.Add(new GeoJsonConverterFactory(new GeometryFactory(new PrecisionModel(), PolygonShape.Wgs84Srid)));
        return serializerOptions;
    }
}
