using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Geofence.Contracts;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Problems;

namespace Geofence.Ingest.CheckIns;

/// <summary>Checks a check-in field by field and turns it into the message the rest of the system trusts.</summary>
internal static partial class CheckInValidation
{
    /// <summary>A stay longer than this is a data error (and would keep reminders going for ever).</summary>
    private const int MaxStayDays = 366;

    public static (ValidCheckIn? CheckIn, FieldErrors Errors) Validate(
        CheckInRequest request, Guid checkInId, string provinceCode, EventWindow window)
    {
        var errors = new FieldErrors();
        var propertyId = Required(errors, "propertyId", request.PropertyId, 64);
        var reservationId = Required(errors, "reservationId", request.ReservationId, 100);

        DateTimeOffset checkedInAt = default;
        if (string.IsNullOrWhiteSpace(request.CheckedInAt)) errors.Add("checkedInAt", "is required.");
        else if (!RequestFormats.TryParseOffsetDateTime(request.CheckedInAt, out checkedInAt))
            errors.Add("checkedInAt", "must be an ISO 8601 date and time with a UTC offset, e.g. 2026-11-28T09:15:00+07:00.");
        else if (!window.Check(errors, "checkedInAt", checkedInAt)) checkedInAt = default;

        DateOnly? departure = null;
        if (!string.IsNullOrWhiteSpace(request.DepartureDate))
        {
            if (DateOnly.TryParseExact(request.DepartureDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                departure = d;
            else errors.Add("departureDate", "must be a date as yyyy-MM-dd.");
        }

        ValidGuest? guest = null;
        if (request.Guest is null) errors.Add("guest", "is required.");
        else guest = ValidateGuest(request.Guest, errors);

        if (departure is { } dep && checkedInAt != default && dep < DateOnly.FromDateTime(checkedInAt.Date))
            errors.Add("departureDate", "is before the check-in date.");
        else if (departure is { } end && checkedInAt != default && end > DateOnly.FromDateTime(checkedInAt.Date).AddDays(MaxStayDays))
            errors.Add("departureDate", $"is more than {MaxStayDays} days after the check-in date.");

        if (errors.Any) return (null, errors);
        return (new ValidCheckIn(checkInId, propertyId!, provinceCode, reservationId!, checkedInAt, departure, guest!), errors);
    }

    private static ValidGuest ValidateGuest(GuestRequest guest, FieldErrors errors)
    {
        var firstName = Optional(errors, "guest.firstName", guest.FirstName, 100);
        var lastName = Optional(errors, "guest.lastName", guest.LastName, 100);

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(guest.Phone))
        {
            if (PhoneNumber.TryNormalize(guest.Phone, out var e164)) phone = e164;
            else errors.Add("guest.phone", PhoneNumber.HasLetters(guest.Phone)
                ? "must be digits, not letters (a letter is not read as a keypad digit)."
                : "is not a valid phone number (give it in international format, e.g. +82 10-1234-5678).");
        }

        var email = Optional(errors, "guest.email", guest.Email, 254);
        if (email is not null && !Email().IsMatch(email)) errors.Add("guest.email", "is not an email address.");

        string? nationality = null;
        if (!string.IsNullOrWhiteSpace(guest.Nationality))
        {
            nationality = guest.Nationality.Trim().ToUpperInvariant();
            if (!Countries.IsKnown(nationality)) errors.Add("guest.nationality", "must be an ISO 3166-1 alpha-2 country code, e.g. KR.");
        }

        string? language = null;
        if (!string.IsNullOrWhiteSpace(guest.Language))
        {
            language = guest.Language.Trim();
            if (!RequestFormats.IsLanguageTag(language)) errors.Add("guest.language", "must be a language tag such as ko or zh-Hant.");
        }

        return new ValidGuest(firstName ?? "", lastName ?? "", phone, email, nationality, language, guest.DoNotContact ?? false);
    }

    private static string? Required(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required.");
            return null;
        }
        return Optional(errors, field, value, maxLength);
    }

    private static string? Optional(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (value.Length > maxLength) errors.Add(field, $"is longer than {maxLength} characters.");
        return value;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}

/// <summary>
/// A check-in as validated, in clear. Its JSON is what "same body" is decided on, so it keeps the shape the message had
/// before the guest's details were sealed: a check-in repeated across the upgrade still hashes the same.
/// </summary>
internal sealed record ValidCheckIn(
    Guid CheckInId,
    string PropertyId,
    string ProvinceCode,
    string ReservationId,
    DateTimeOffset CheckedInAt,
    DateOnly? DepartureDate,
    ValidGuest Guest)
{
    /// <summary>
    /// What "the same check-in" is decided on, by every route (JSON, batch, CSV): the normalised check-in, not the raw
    /// bytes, so that a PMS that re-serialises is not punished and the same fields resent by another route are one check-in.
    /// </summary>
    public string BodyHash() => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this with { CheckInId = Guid.Empty })));

    /// <summary>
    /// The message for the bus: names and phone sealed, the person keyed, the e-mail (which no one needs) left out.
    /// Staleness is not part of the check-in (nor of its hash): the same check-in posted again later is the same one.
    /// </summary>
    public GuestCheckedIn ToMessage(FieldCipher cipher, PersonKeys personKeys, bool stale) => new(CheckInId, PropertyId, ProvinceCode, ReservationId,
        CheckedInAt, DepartureDate, new CheckInGuest(cipher.Protect(Guest.FirstName)!, cipher.Protect(Guest.LastName)!,
            cipher.Protect(Guest.Phone), Guest.Nationality, Guest.Language, Guest.DoNotContact,
            Guest.Phone is null ? null : personKeys.ForPhone(Guest.Phone)), stale);
}

internal sealed record ValidGuest(
    string FirstName,
    string LastName,
    string? Phone,
    string? Email,
    string? Nationality,
    string? Language,
    bool DoNotContact);
