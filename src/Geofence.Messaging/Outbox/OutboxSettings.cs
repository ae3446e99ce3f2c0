using System.ComponentModel.DataAnnotations;
using Geofence.ServiceDefaults.Settings;

namespace Geofence.Messaging.Outbox;

/// <summary><c>Outbox:*</c> configuration.</summary>
public sealed class OutboxSettings
{
    [Range(1, 10_000)] public int BatchSize { get; set; } = 100;
    [Positive] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    [Positive] public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long a relay owns the rows it claimed before another replica may take them over.</summary>
    [Positive] public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Published rows are kept this long, then deleted.</summary>
    [Positive] public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);
    /// <summary>
    /// In-memory transport only: at start-up, publish again what was published this recently, because messages that
    /// were still in memory when the process stopped are gone. Consumers are idempotent, so a repeat is harmless.
    /// </summary>
    public TimeSpan ReplayOnStart { get; set; } = TimeSpan.FromMinutes(10);
}
