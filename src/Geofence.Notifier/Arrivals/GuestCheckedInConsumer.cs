using Geofence.Contracts;
using Geofence.Notifier.Messages;
using Geofence.Messaging.Bus;
using MassTransit;

namespace Geofence.Notifier.Arrivals;

/// <summary>A hotel check-in is an arrival in the hotel's province.</summary>
public sealed class GuestCheckedInConsumer(ArrivalNotifier notifier) : IConsumer<GuestCheckedIn>
{
    public Task Consume(ConsumeContext<GuestCheckedIn> context)
    {
        var checkIn = context.Message;
        var guest = checkIn.Guest;
        var who = guest.Phone ?? $"{guest.FirstName} {guest.LastName}";
        return notifier.DecideAsync(new Arrival(
            $"{Triggers.CheckIn}:{checkIn.PropertyId}:{checkIn.ReservationId}:{who}", Triggers.CheckIn, checkIn.ProvinceCode,
            checkIn.CheckedInAt, checkIn.PropertyId, guest.Phone, Device: null,
            new Addressee(guest.FirstName, guest.LastName, guest.Language, guest.Nationality), guest.DoNotContact), context.CancellationToken);
    }
}
