namespace Geofence.Fences;

/// <summary>A fence that answered a lookup.</summary>
/// <param name="Fence">The fence.</param>
/// <param name="ByCoastalTolerance">
/// True when the point is outside the province boundary and was attributed to it only because it is the
/// nearest province within the coastal tolerance.
/// </param>
/// <param name="DistanceOutsideMetres">How far outside the boundary the point is; 0 when the fence covers it.</param>
public readonly record struct FenceMatch(Fence Fence, bool ByCoastalTolerance, double DistanceOutsideMetres);
