using System.Globalization;
using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>
/// Turns the features of one file into fences, collecting every problem instead of stopping at the first,
/// and yields all the fences or none.
/// </summary>
internal sealed class ImportBatch(FenceImportOptions options)
{
    // Enough to show a data steward the pattern without building an unbounded report from a broken file.
    private const int MaxReportedErrors = 1000;

    private readonly List<Fence> _fences = [];
    private readonly List<FenceImportError> _errors = [];
    private readonly Dictionary<string, int> _featureIndexByCode = new(StringComparer.Ordinal);
    private bool _errorsTruncated;

    public void AddError(int? featureIndex, string? featureCode, string reason)
    {
        if (_errors.Count < MaxReportedErrors)
        {
            _errors.Add(new FenceImportError(featureIndex, featureCode, reason));
        }
        else
        {
            _errorsTruncated = true;
        }
    }

    /// <summary>Adds one feature, or records why it cannot be a fence.</summary>
    /// <param name="featureIndex">0-based position in the file.</param>
    /// <param name="properties">The feature's attributes.</param>
    /// <param name="geometry">The feature's geometry in WGS84 lon/lat, or null when it has none or could not be read.</param>
    /// <param name="geometryProblem">Why the geometry could not be read, when the reader already knows.</param>
    public void AddFeature(int featureIndex, IFeatureProperties properties, Geometry? geometry, string? geometryProblem = null)
    {
        var errorsBefore = _errors.Count;
        var code = properties.GetText(options.CodeProperty);
        if (code is null)
        {
            AddError(featureIndex, null, $"missing code property '{options.CodeProperty}'");
        }
        var name = properties.GetText(options.NameProperty);
        if (name is null)
        {
            AddError(featureIndex, code, $"missing name property '{options.NameProperty}'");
        }
        var shape = geometryProblem is not null ? Fail(featureIndex, code, geometryProblem)
            : geometry is null || geometry.IsEmpty ? Fail(featureIndex, code, "feature has no geometry")
            : ToShape(featureIndex, code, geometry, properties);

        if (code is not null && _featureIndexByCode.TryGetValue(code, out var firstIndex))
        {
            AddError(featureIndex, code, $"code '{code}' is already used by feature {firstIndex}");
        }
        else if (code is not null)
        {
            _featureIndexByCode.Add(code, featureIndex);
        }

        if (_errors.Count == errorsBefore && !_errorsTruncated && code is not null && name is not null && shape is not null)
        {
            _fences.Add(CreateFence(code, name, shape));
        }
    }

    public FenceImportResult Finish()
    {
        if (_errors.Count == 0 && !_errorsTruncated)
        {
            return _fences.Count > 0
                ? FenceImportResult.Success(_fences)
                : FenceImportResult.Failure("the file holds no features");
        }
        var errors = new List<FenceImportError>(_errors);
        if (_errorsTruncated)
        {
            errors.Add(new FenceImportError(null, null, $"more errors were found; only the first {MaxReportedErrors} are listed"));
        }
        return FenceImportResult.Failure(errors);
    }

    private Fence CreateFence(string code, string name, FenceShape shape)
    {
        // Time-ordered ids keep database indexes on fence ids compact.
        var id = Guid.CreateVersion7();
        return options.Kind switch
        {
            FenceKind.Province => Fence.Province(id, code, name, (PolygonShape)shape, options.Validity),
            FenceKind.PointOfEntry => Fence.PointOfEntry(id, options.PointOfEntryType!.Value, code, name, shape, options.Validity),
            FenceKind.Site => Fence.Site(id, code, name, shape, options.Validity),
            _ => throw new InvalidOperationException($"Unknown fence kind {options.Kind}."),
        };
    }

    private FenceShape? ToShape(int featureIndex, string? code, Geometry geometry, IFeatureProperties properties)
    {
        switch (geometry)
        {
            case Polygon or MultiPolygon:
                return PolygonAreaRules.FindProblem(geometry) is { } problem
                    ? Fail(featureIndex, code, problem)
                    : PolygonShape.FromValidated(geometry);
            case Point point when options.Kind != FenceKind.Province:
                return ToCircle(featureIndex, code, point, properties);
            default:
                var allowed = options.Kind == FenceKind.Province
                    ? "Polygon or MultiPolygon"
                    : "Polygon, MultiPolygon or Point with a radius";
                return Fail(featureIndex, code, $"geometry is a {geometry.GeometryType}; a {options.Kind.ToWireName()} needs a {allowed}");
        }
    }

    private FenceShape? ToCircle(int featureIndex, string? code, Point point, IFeatureProperties properties)
    {
        if (CoordinateRules.FindOutOfRange(point.Coordinates) is { } outOfRange)
        {
            return Fail(featureIndex, code, outOfRange);
        }
        if (options.RadiusProperty is null)
        {
            return Fail(featureIndex, code, "geometry is a Point, but no radius property was configured for this import");
        }
        var text = properties.GetText(options.RadiusProperty);
        if (text is null)
        {
            return Fail(featureIndex, code, $"missing radius property '{options.RadiusProperty}'");
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius)
            || !(radius is > 0 and <= CircleShape.MaxRadiusMetres))
        {
            return Fail(featureIndex, code, $"radius '{text}' is not a number of metres in (0, {CircleShape.MaxRadiusMetres}]");
        }
        return new CircleShape(new GeoPoint(point.Y, point.X), radius);
    }

    private FenceShape? Fail(int featureIndex, string? code, string reason)
    {
        AddError(featureIndex, code, reason);
        return null;
    }
}
