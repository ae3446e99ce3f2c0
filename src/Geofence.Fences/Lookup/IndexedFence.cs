using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>A fence prepared for repeated point tests. Implementations are immutable and thread-safe.</summary>
internal abstract class IndexedFence(Fence fence, Envelope envelope)
{
    public Fence Fence { get; } = fence;

    /// <summary>Lon/lat bounds (degrees) that contain everything the fence covers.</summary>
    public Envelope Envelope { get; } = envelope;

    /// <summary>True when the point is inside or on the boundary.</summary>
    public abstract bool Covers(double latitude, double longitude);

    /// <param name="fence">The fence to prepare.</param>
    /// <param name="measuresDistance">Prepare polygon boundaries for distance queries too.</param>
    public static IndexedFence For(Fence fence, bool measuresDistance) => fence.Shape switch
    {
        PolygonShape polygon => new IndexedPolygonFence(fence, polygon, measuresDistance),
        CircleShape circle => new IndexedCircleFence(fence, circle),
        _ => throw new NotSupportedException($"Unsupported fence shape {fence.Shape.GetType().Name}."),
    };
}
