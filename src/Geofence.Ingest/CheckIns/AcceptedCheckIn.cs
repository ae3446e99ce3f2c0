using System.ComponentModel.DataAnnotations;

namespace Geofence.Ingest.CheckIns;

/// <summary>
/// The record that a check-in was accepted, for idempotency: the same key with the same body answers the same id,
/// with another body 409. The guest's details are not kept here, only in the outbox until it is purged.
/// </summary>
public sealed class AcceptedCheckIn
{
    public Guid Id { get; set; }
    [MaxLength(64)] public required string PropertyId { get; set; }
    [MaxLength(220)] public required string IdempotencyKey { get; set; }
    [MaxLength(64)] public required string BodyHash { get; set; }
    [MaxLength(100)] public required string ReservationId { get; set; }
    public DateTime AcceptedAt { get; set; }
}
