namespace Geofence.Fences;

/// <summary>Tuning for a <see cref="FenceSnapshot"/>.</summary>
public sealed record FenceSnapshotOptions
{
    /// <summary>The default coastal tolerance: 2 km.</summary>
    public const double DefaultCoastalToleranceMetres = 2000;

    /// <summary>
    /// A point that lies outside every province but within this many metres of one is attributed to the
    /// nearest such province. Coarse boundaries put beaches, quays and boats at anchor just outside the
    /// coastline. The boundaries do not say which edges are coast, so the fallback also applies along land
    /// borders: a point up to this far inside a neighbouring country is attributed to the adjacent province.
    /// Zero turns the fallback off. Default 2000 m.
    /// </summary>
    public double CoastalToleranceMetres { get; init; } = DefaultCoastalToleranceMetres;
}
