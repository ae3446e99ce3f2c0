namespace Geofence.Fences;

/// <summary>
/// Resolution 202/2025/QH15: Vietnam's 63 provincial units became 34 on 1 July 2025 (Vietnam time, UTC+7).
/// Load the 63-province boundaries with <see cref="Before"/> and the 34-province boundaries with
/// <see cref="From"/> so that lookups answer by the event's time.
/// </summary>
public static class ProvinceReorganisation2025
{
    /// <summary>2025-07-01T00:00:00+07:00.</summary>
    public static DateTimeOffset EffectiveAt { get; } = new(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(7));

    /// <summary>When the 63 provinces apply: until <see cref="EffectiveAt"/> (exclusive).</summary>
    public static ValidityPeriod Before { get; } = new(null, EffectiveAt);

    /// <summary>When the 34 provinces apply: from <see cref="EffectiveAt"/> (inclusive).</summary>
    public static ValidityPeriod From { get; } = new(EffectiveAt, null);
}
