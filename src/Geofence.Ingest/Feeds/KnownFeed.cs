using System.ComponentModel.DataAnnotations;

namespace Geofence.Ingest.Feeds;

/// <summary>Ingest's copy of a registered location feed.</summary>
public sealed class KnownFeed
{
    [MaxLength(64)] public required string FeedId { get; set; }
    [MaxLength(16)] public required string Kind { get; set; }
    [MaxLength(64)] public required string ApiKeyHash { get; set; }
    public DateTime RegisteredAt { get; set; }
}
