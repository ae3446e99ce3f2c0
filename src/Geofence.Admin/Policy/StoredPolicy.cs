using System.ComponentModel.DataAnnotations;

namespace Geofence.Admin.Policy;

/// <summary>One saved version of the messaging policy; the highest version is in force.</summary>
public sealed class StoredPolicy
{
    public int Version { get; set; }
    [MaxLength(PolicyDocument.MaxNote)] public string? Note { get; set; }
    /// <summary>The policy as the API shows it (<see cref="PolicyDocument"/> as JSON).</summary>
    public required string Document { get; set; }
    public DateTime SavedAt { get; set; }
    [MaxLength(64)] public string? SavedBy { get; set; }
}
