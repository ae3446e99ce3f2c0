using Geofence.Contracts;
using Geofence.Notifier.Reminders;
using Geofence.Notifier.Sending;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Installs;

/// <summary>
/// The app is installed on a device: the device and, when its phone is known, the person are marked, and the person's
/// pending reminders are cancelled. Later arrivals and reminders of either are suppressed as <c>already-installed</c>.
/// </summary>
public sealed class BluezoneInstallReportedConsumer(NotifierDb db, PersonGate gate, ReminderSchedule reminders, TimeProvider time)
    : IConsumer<BluezoneInstallReported>
{
    public Task Consume(ConsumeContext<BluezoneInstallReported> context) => RecordAsync(context.Message, context.CancellationToken);

    public async Task RecordAsync(BluezoneInstallReported m, CancellationToken ct)
    {
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Key == $"{m.FeedId}/{m.DeviceId}", ct);
        var personKeys = new[] { m.PersonKey, device?.PhoneKey }.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The person first, as every decision about them does: a decision racing this report runs wholly before or after it.
        foreach (var personKey in personKeys)
        {
            await gate.LockAsync(personKey, now, ct);
            await db.People.Where(p => p.PersonKey == personKey && p.InstalledAtMs == null)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.InstalledAtMs, m.At.ToUnixTimeMilliseconds()), ct);
            await reminders.CancelAllAsync(personKey, ct);
        }
        if (device is not null) device.BluezoneInstalled = true;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
