namespace Geofence.Contracts;

/// <summary>A guest as the hotel reported them. <see cref="Phone"/> is E.164 or null.</summary>
public record CheckInGuest(
    string FirstName,
    string LastName,
    string? Phone,
    string? Email,
    string? Nationality,
    string? Language,
    bool DoNotContact);

/// <summary>A hotel accepted a guest; published by Ingest once the check-in is safely stored.</summary>
public record GuestCheckedIn(
    Guid CheckInId,
    string PropertyId,
    string ProvinceCode,
    string ReservationId,
    DateTimeOffset CheckedInAt,
    DateOnly? DepartureDate,
    CheckInGuest Guest);
