using System.Text;
using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>
/// One configured geofence: a province, a point of entry or a tourist site, with the period in which it applies.
/// Immutable; create it with the factories <c>Province</c>, <c>PointOfEntry</c> or <c>Site</c>.
/// </summary>
public sealed record Fence
{
    private Fence(Guid id, FenceKind kind, PointOfEntryType? pointOfEntryType, string code, string name, FenceShape shape, ValidityPeriod validity)
    {
        if (id == Guid.Empty)
        {
            throw new ArgumentException("Fence id must not be empty.", nameof(id));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        Id = id;
        Kind = kind;
        PointOfEntryType = pointOfEntryType;
        Code = code.Trim();
        // Vietnamese names arrive both precomposed and decomposed; NFC makes them compare equal.
        Name = name.Trim().Normalize(NormalizationForm.FormC);
        Shape = shape;
        Validity = validity;
    }

    /// <summary>Stable identity of the fence.</summary>
    public Guid Id { get; }

    /// <summary>Province, point of entry or site.</summary>
    public FenceKind Kind { get; }

    /// <summary>Airport, seaport, …; set only for <see cref="FenceKind.PointOfEntry"/>.</summary>
    public PointOfEntryType? PointOfEntryType { get; }

    /// <summary>Code within its kind, e.g. the GSO province code "01" or the IATA code "SGN".</summary>
    public string Code { get; }

    /// <summary>Official name (Vietnamese for provinces), Unicode NFC.</summary>
    public string Name { get; }

    /// <summary>The covered area.</summary>
    public FenceShape Shape { get; }

    /// <summary>When the fence applies; half-open [From, To).</summary>
    public ValidityPeriod Validity { get; }

    /// <summary>A province (or municipality) boundary.</summary>
    public static Fence Province(Guid id, string code, string name, Geometry area, ValidityPeriod validity = default) =>
        new(id, FenceKind.Province, null, code, name, new PolygonShape(area), validity);

    /// <summary>A province boundary from an already validated shape.</summary>
    public static Fence Province(Guid id, string code, string name, PolygonShape area, ValidityPeriod validity = default) =>
        new(id, FenceKind.Province, null, code, name, area, validity);

    /// <summary>An airport, seaport, border gate or station: a polygon or a circle.</summary>
    public static Fence PointOfEntry(Guid id, PointOfEntryType type, string code, string name, FenceShape shape, ValidityPeriod validity = default) =>
        new(id, FenceKind.PointOfEntry, type, code, name, shape, validity);

    /// <summary>A tourist site: a polygon or a circle.</summary>
    public static Fence Site(Guid id, string code, string name, FenceShape shape, ValidityPeriod validity = default) =>
        new(id, FenceKind.Site, null, code, name, shape, validity);

    /// <summary>The same fence under another id (a re-imported fence keeps the id it was saved under).</summary>
    public Fence WithId(Guid id) => new(id, Kind, PointOfEntryType, Code, Name, Shape, Validity);

    /// <summary>Short description for logs; the geometry is left out on purpose.</summary>
    public override string ToString() =>
        PointOfEntryType is { } type
            ? $"{Kind.ToWireName()}/{type.ToWireName()} {Code} {Name} {Validity}"
            : $"{Kind.ToWireName()} {Code} {Name} {Validity}";
}
