namespace Geofence.Ingest.CheckIns;

/// <summary>
/// The check-in body as a PMS sends it. Everything is nullable and times are strings so that every mistake can be
/// reported by field instead of failing the whole parse.
/// </summary>
public sealed record CheckInRequest(
    string? PropertyId,
    string? ReservationId,
    string? CheckedInAt,
    string? DepartureDate,
    GuestRequest? Guest);

public sealed record GuestRequest(
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Email,
    string? Nationality,
    string? Language,
    bool? DoNotContact);
