using System.ComponentModel.DataAnnotations;

namespace Geofence.Admin.Feeds;

/// <summary>A location feed (a tourism app's backend, a wifi portal, a telecom operator) and its key's hash.</summary>
public sealed class Feed
{
    [MaxLength(64)] public required string FeedId { get; set; }
    [MaxLength(200)] public required string Name { get; set; }
    [MaxLength(16)] public required string Kind { get; set; }
    [MaxLength(64)] public required string ApiKeyHash { get; set; }
    public DateTime RegisteredAt { get; set; }
}
