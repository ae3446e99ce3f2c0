namespace Geofence.Fences;

/// <summary>
/// The half-open interval [<see cref="From"/>, <see cref="To"/>) in which a fence applies.
/// A missing bound is open-ended. Compare with the event's own time, not the time it was processed.
/// </summary>
public readonly record struct ValidityPeriod
{
    /// <summary>Valid at every instant.</summary>
    public static ValidityPeriod Always => default;

    /// <summary>Creates a period; <paramref name="from"/> must be before <paramref name="to"/> when both are given.</summary>
    /// <exception cref="ArgumentException">The period is empty.</exception>
    public ValidityPeriod(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start && to is { } end && start >= end)
        {
            throw new ArgumentException($"Validity period is empty: from {start:O} is not before to {end:O}.", nameof(to));
        }
        From = from;
        To = to;
    }

    /// <summary>First instant of validity (inclusive), or null for "since always".</summary>
    public DateTimeOffset? From { get; }

    /// <summary>First instant no longer valid (exclusive), or null for "until further notice".</summary>
    public DateTimeOffset? To { get; }

    /// <summary>True when <paramref name="at"/> is in [From, To).</summary>
    public bool Contains(DateTimeOffset at) => (From is not { } start || at >= start) && (To is not { } end || at < end);

    /// <inheritdoc />
    public override string ToString() => $"[{From?.ToString("O") ?? "-∞"}, {To?.ToString("O") ?? "+∞"})";
}
