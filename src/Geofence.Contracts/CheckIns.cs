namespace Geofence.Contracts;

/// <summary>
/// A guest as the hotel reported them. The names and the phone travel sealed with the services' field cipher
/// (Geofence.Privacy.FieldCipher, "enc1:…"), so that neither the broker nor an outbox row holds them in clear; a message
/// from before sealing holds them in clear and is read the same. <see cref="PersonKey"/> is the keyed hash of the phone.
/// The e-mail address is not passed on: no service needs it.
/// </summary>
/// <param name="FirstName">Sealed.</param>
/// <param name="LastName">Sealed.</param>
/// <param name="Phone">E.164, sealed; null when the hotel gave none.</param>
/// <param name="PersonKey">Null when there is no phone, or the message predates it.</param>
public record CheckInGuest(
    string FirstName,
    string LastName,
    string? Phone,
    string? Nationality,
    string? Language,
    bool DoNotContact,
    string? PersonKey = null);

/// <summary>A hotel accepted a guest; published by Ingest once the check-in is safely stored.</summary>
/// <param name="Stale">
/// The check-in was already older than Ingest's <c>Ingest:MaxEventAge</c> when it was accepted: it is recorded, and
/// nobody is messaged for it. Judged once, at acceptance, so that a bus outage delays messages without making them stale.
/// </param>
public record GuestCheckedIn(
    Guid CheckInId,
    string PropertyId,
    string ProvinceCode,
    string ReservationId,
    DateTimeOffset CheckedInAt,
    DateOnly? DepartureDate,
    CheckInGuest Guest,
    bool Stale = false);
