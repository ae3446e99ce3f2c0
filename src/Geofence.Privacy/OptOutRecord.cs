using System.ComponentModel.DataAnnotations;

namespace Geofence.Privacy;

/// <summary>
/// One person's opt-out, as the Notifier keeps it (to suppress) and Admin keeps it (to list). Opt-outs and lifts come
/// from different services and may arrive in any order, so each carries its time and the later one wins; a lift stays
/// recorded so that an older opt-out arriving after it cannot undo it.
/// </summary>
public abstract class OptOutRecord
{
    /// <summary>Opt-out codes that are not a provider's: the person asked the department.</summary>
    public const string Requested = "requested";

    [MaxLength(64)] public required string PersonKey { get; set; }
    /// <summary>The provider that reported it (<c>twilio</c>, <c>esms</c>) or <c>admin</c>.</summary>
    [MaxLength(32)] public string? Source { get; set; }
    /// <summary>The provider's code (21610, 99) or <see cref="Requested"/>.</summary>
    [MaxLength(64)] public string? Code { get; set; }
    [MaxLength(200)] public string? Note { get; set; }
    public DateTime? OptedOutAt { get; set; }
    public DateTime? LiftedAt { get; set; }

    public bool IsActive => OptedOutAt is { } at && (LiftedAt is null || at > LiftedAt);

    /// <returns>false when a newer opt-out is already recorded.</returns>
    public bool OptOut(string source, string code, string? note, DateTime at)
    {
        if (OptedOutAt >= at) return false;
        (Source, Code, Note, OptedOutAt) = (source, code, note, at);
        return true;
    }

    /// <returns>false when a newer lift is already recorded.</returns>
    public bool Lift(DateTime at)
    {
        if (LiftedAt >= at) return false;
        LiftedAt = at;
        return true;
    }
}

public static class OptOutRecordQueries
{
    /// <summary><see cref="OptOutRecord.IsActive"/> as a query the database can run.</summary>
    public static IQueryable<T> WhereActive<T>(this IQueryable<T> records) where T : OptOutRecord =>
        records.Where(o => o.OptedOutAt != null && (o.LiftedAt == null || o.OptedOutAt > o.LiftedAt));
}
