using System.ComponentModel.DataAnnotations;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary><c>Auth:*</c> configuration besides the bootstrap admin key (read by <see cref="AdminKey"/>).</summary>
public sealed class AuthSettings
{
    /// <summary>How long a hotel's or feed's older keys keep working after a new one is issued with <c>POST .../keys</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")] public TimeSpan KeyGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often a service asks Admin for the whole set of issued admin keys, besides at start-up: the bound on how long
    /// a revocation missed while the service was cut off from the bus can go unnoticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan AdminKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the last use of each key is reported to Admin (its <c>lastUsedAt</c> is at most this old).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan KeyUsageFlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long Admin waits for Ingest to confirm a hotel or feed key it issued before it answers 503 (the key stays
    /// issued and works once Ingest hears of it); the answer that hands a key out means it works now.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")] public TimeSpan KeyConfirmationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
