using System.ComponentModel.DataAnnotations;

namespace Geofence.Fences;

/// <summary><c>Geofences:Import:*</c>: how much one uploaded boundary file may hold.</summary>
public sealed class FenceImportSettings
{
    /// <summary>See <see cref="FenceImportOptions.MaxFeatures"/>.</summary>
    [Range(1, 1_000_000)]
    public int MaxFeatures { get; set; } = FenceImportOptions.DefaultMaxFeatures;

    /// <summary>See <see cref="FenceImportOptions.MaxVertices"/>.</summary>
    [Range(1, 50_000_000)]
    public int MaxVertices { get; set; } = FenceImportOptions.DefaultMaxVertices;
}
