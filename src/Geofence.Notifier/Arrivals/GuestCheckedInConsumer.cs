using Geofence.Contracts;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using MassTransit;

namespace Geofence.Notifier.Arrivals;

/// <summary>A hotel check-in is an arrival in the hotel's province.</summary>
public sealed class GuestCheckedInConsumer(ArrivalNotifier notifier, FieldCipher cipher, PersonKeys personKeys) : IConsumer<GuestCheckedIn>
{
    public Task Consume(ConsumeContext<GuestCheckedIn> context)
    {
        var checkIn = context.Message;
        var guest = checkIn.Guest;
        // Sealed since the upgrade; a check-in published before it holds them in clear, which Unprotect passes through.
        var (firstName, lastName, phone) = (cipher.Unprotect(guest.FirstName) ?? "", cipher.Unprotect(guest.LastName) ?? "", cipher.Unprotect(guest.Phone));
        // The decision key is stored and logged: the person appears in it by key, a guest without a phone by a keyed hash of the name.
        var who = phone is not null ? guest.PersonKey ?? personKeys.ForPhone(phone) : personKeys.ForPhone($"guest:{firstName} {lastName}");
        return notifier.DecideAsync(new Arrival(
            $"{Triggers.CheckIn}:{checkIn.PropertyId}:{checkIn.ReservationId}:{who}", Triggers.CheckIn, checkIn.ProvinceCode,
            checkIn.CheckedInAt, checkIn.PropertyId, phone, Device: null,
            new Addressee(firstName, lastName, guest.Language, guest.Nationality), guest.DoNotContact,
            checkIn.DepartureDate, Stale: checkIn.Stale), context.CancellationToken);
    }
}
