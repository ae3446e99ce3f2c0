namespace Geofence.Fences;

/// <summary>What a fence stands for. Lookups order their answers by this: provinces first.</summary>
public enum FenceKind
{
    /// <summary>A province or centrally-run municipality (wire name <c>province</c>).</summary>
    Province = 0,

    /// <summary>An airport, seaport, border gate or station (wire name <c>point-of-entry</c>).</summary>
    PointOfEntry = 1,

    /// <summary>A tourist site (wire name <c>site</c>).</summary>
    Site = 2,
}
