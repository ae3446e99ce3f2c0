using Geofence.ServiceDefaults.Problems;

namespace Geofence.Ingest;

/// <summary>
/// The times an event reported to Ingest now may carry. Before 2000-01-01, or further ahead of Ingest's clock than the
/// allowed skew, is impossible: a data error answered 400. Older than the maximum age is possible but too late to act
/// on: the event is accepted and passed on marked stale, so that it is recorded and nobody is messaged for it.
/// </summary>
public readonly record struct EventWindow(DateTimeOffset Now, TimeSpan MaxClockSkew, TimeSpan MaxAge)
{
    /// <summary>No check-in, ping or telecom entry this system handles can be older: an earlier time is a default or a typo.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static EventWindow At(DateTimeOffset now, IngestSettings settings) => new(now, settings.MaxClockSkew, settings.MaxEventAge);

    public bool IsStale(DateTimeOffset at) => at < Now - MaxAge;

    /// <summary>Adds an error naming <paramref name="field"/> when <paramref name="at"/> is impossible.</summary>
    public bool Check(FieldErrors errors, string field, DateTimeOffset at)
    {
        if (at < Earliest) errors.Add(field, "is before 2000-01-01, which cannot be the time of this event.");
        else if (at > Now + MaxClockSkew) errors.Add(field, $"is in the future (more than {Describe(MaxClockSkew)} ahead of the server's clock).");
        else return true;
        return false;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? Plural((int)span.TotalHours, "hour")
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? Plural((int)span.TotalMinutes, "minute")
        : Plural((int)Math.Ceiling(span.TotalSeconds), "second");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
