using Geofence.Contracts;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Arrivals;

/// <summary>A device seen crossing into a province or at its airport, or a subscriber a telecom saw entering it.</summary>
public sealed class ProvinceEnteredConsumer(ArrivalNotifier notifier, NotifierDb db, FieldCipher cipher, PersonKeys personKeys)
    : IConsumer<ProvinceEntered>
{
    private const int UnknownDeviceRetries = 4;

    public async Task Consume(ConsumeContext<ProvinceEntered> context)
    {
        var entry = context.Message;
        var device = entry.SubjectKind == SubjectKinds.Device
            ? await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Key == entry.SubjectId, context.CancellationToken)
            : null;
        // A device's registration and its first pings travel separately; give the registration a moment to land.
        if (entry.SubjectKind == SubjectKinds.Device && device is null && context.GetRetryAttempt() < UnknownDeviceRetries)
            throw new InvalidOperationException($"Device {entry.SubjectId} is not registered (yet).");
        // A telecom entry carries the number sealed, its subject being the person key; one from before the upgrade has the
        // number itself as its subject. Either way the person is keyed by the number, as a check-in of it is, so that
        // the ledger tells them once whichever source saw them first.
        var phone = entry.SubjectKind == SubjectKinds.Phone ? cipher.Unprotect(entry.Phone) ?? entry.SubjectId : null;
        var subject = phone is null ? entry.SubjectId : personKeys.ForPhone(phone);
        await notifier.DecideAsync(new Arrival(
            $"{Triggers.ProvinceEntry}:{entry.SubjectKind}:{subject}:{entry.ProvinceCode}:{entry.At.ToUnixTimeMilliseconds()}",
            Triggers.ProvinceEntry, entry.ProvinceCode, entry.At, PropertyId: null, phone, device,
            Addressee.Unknown, DoNotContact: false, SeenByTelecom: entry.SubjectKind == SubjectKinds.Phone && entry.Phone is not null,
            Stale: entry.Stale),
            context.CancellationToken);
    }
}
