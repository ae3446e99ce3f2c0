using System.ComponentModel.DataAnnotations;

namespace Geofence.Notifier.OptOuts;

/// <summary>A person an SMS provider reported as unsubscribed or blocked; later arrivals are suppressed as <c>opted-out</c>.</summary>
public sealed class OptOut
{
    [MaxLength(64)] public required string PersonKey { get; set; }
    [MaxLength(32)] public required string Provider { get; set; }
    [MaxLength(64)] public required string Code { get; set; }
    public DateTime At { get; set; }
}
