namespace Geofence.Notifier.Reminders;

/// <summary>
/// A row of the schedule (<c>notifier_schedule</c>): a reminder to decide on, or a message quiet hours held back, due at
/// <see cref="DueAtMs"/>. Any replica's scheduler picks it up; claiming it (pending → done) in the transaction that
/// writes its outcome makes it happen exactly once.
/// </summary>
public sealed class ScheduledMessage
{
    public const string Reminder = "reminder";
    public const string Deferred = "deferred";
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }
    public long DueAtMs { get; set; }
    public required string PersonKey { get; set; }
    public required string ProvinceCode { get; set; }
    public string? PropertyId { get; set; }
    /// <summary>A reminder's number (1 for the first); 0 for a held-back message.</summary>
    public int Number { get; set; }
    /// <summary>What started the visit (<c>checkin</c>, <c>province-entry</c>): a visit seen by entries is extended and ended by them.</summary>
    public required string VisitTrigger { get; set; }
    /// <summary>When the arrival the reminder follows happened (Unix ms): a later entry elsewhere ends its visit, an earlier one does not.</summary>
    public long ArrivedAtMs { get; set; }
    /// <summary>A reminder due at or after this (Unix ms) is cancelled: the visit is over.</summary>
    public long VisitEndsAtMs { get; set; }
    /// <summary>A held-back message: its own id. A reminder: the arrival's notification it follows.</summary>
    public Guid NotificationId { get; set; }
    /// <summary>The device the arrival went to ("{feedId}/{deviceId}"), if any: a reminder pushes to it if it still can.</summary>
    public string? DeviceKey { get; set; }
    /// <summary>A reminder's addressee (names, language hints, phone) as JSON, sealed with the field cipher.</summary>
    public string? Recipient { get; set; }
    /// <summary>A held-back message: the <c>SendNotification</c> as JSON, its sealed fields still sealed.</summary>
    public string? Message { get; set; }
}
