namespace Geofence.Fences;

/// <summary>What an imported file contains and how to read it.</summary>
public sealed record FenceImportOptions
{
    /// <summary>Default size limit for an uploaded file and for the unzipped content of a shapefile archive: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>Default limit on the features of one import: far above the 63 provinces or a country's ports.</summary>
    public const int DefaultMaxFeatures = 10_000;

    /// <summary>
    /// Default limit on the vertices of one import: five times the official 63-province file (about 100,000), so the
    /// real boundaries go in whole while a file that would take gigabytes to build is refused before it is built.
    /// </summary>
    public const int DefaultMaxVertices = 500_000;

    /// <summary>The kind of every fence in the file.</summary>
    public required FenceKind Kind { get; init; }

    /// <summary>Feature property holding the fence code, e.g. <c>code</c> (matched exactly first, then ignoring case as DBF field names are often upper-case).</summary>
    public required string CodeProperty { get; init; }

    /// <summary>Feature property holding the fence name, e.g. <c>name_vi</c>.</summary>
    public required string NameProperty { get; init; }

    /// <summary>First instant the imported fences apply (inclusive), or null.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>First instant the imported fences no longer apply (exclusive), or null.</summary>
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>Required when <see cref="Kind"/> is <see cref="FenceKind.PointOfEntry"/>: the type of every point of entry in the file.</summary>
    public PointOfEntryType? PointOfEntryType { get; init; }

    /// <summary>
    /// For points of entry and sites given as Point features: the property holding the circle's radius in metres.
    /// Without it, Point features are rejected.
    /// </summary>
    public string? RadiusProperty { get; init; }

    /// <summary>Files (and unzipped archive content) larger than this are rejected.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Files with more features (shapefile records, GeoJSON features) than this are refused before any is read.</summary>
    public int MaxFeatures { get; init; } = DefaultMaxFeatures;

    /// <summary>Files with more vertices in all than this are refused before any geometry is built.</summary>
    public int MaxVertices { get; init; } = DefaultMaxVertices;

    /// <summary>The validity period the options describe.</summary>
    public ValidityPeriod Validity => new(ValidFrom, ValidTo);

    /// <summary>Throws when the options themselves are unusable (a caller's mistake, not a data problem).</summary>
    internal void EnsureUsable()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CodeProperty);
        ArgumentException.ThrowIfNullOrWhiteSpace(NameProperty);
        if (MaxBytes <= 0)
        {
            throw new ArgumentException("MaxBytes must be positive.", nameof(MaxBytes));
        }
        if (MaxFeatures <= 0 || MaxVertices <= 0)
        {
            throw new ArgumentException("MaxFeatures and MaxVertices must be positive.", nameof(MaxFeatures));
        }
        if (Kind == FenceKind.PointOfEntry && PointOfEntryType is null)
        {
            throw new ArgumentException("Importing points of entry needs PointOfEntryType.", nameof(PointOfEntryType));
        }
        if (Kind != FenceKind.PointOfEntry && PointOfEntryType is not null)
        {
            throw new ArgumentException("PointOfEntryType applies only to points of entry.", nameof(PointOfEntryType));
        }
        if (Kind == FenceKind.Province && RadiusProperty is not null)
        {
            throw new ArgumentException("Provinces are polygons; RadiusProperty does not apply.", nameof(RadiusProperty));
        }
        _ = Validity; // throws when the period is empty
    }
}
