namespace Geofence.Notifier.Arrivals;

/// <summary>The ledger row: this person was last told about this province at <see cref="NotifiedAtMs"/>.</summary>
public sealed class Visit
{
    public required string PersonKey { get; set; }
    public required string ProvinceCode { get; set; }
    public required string NotificationId { get; set; }
    public required string DecisionKey { get; set; }
    /// <summary>Unix milliseconds: compared in SQL, where SQLite has no real timestamp type.</summary>
    public long NotifiedAtMs { get; set; }
}

/// <summary>What the Notifier decided for one arrival report; its key makes a redelivered report a no-op.</summary>
public sealed class Decision
{
    public required string Key { get; set; }
    public Guid NotificationId { get; set; }
    public required string Outcome { get; set; }
    public DateTime DecidedAt { get; set; }
}
