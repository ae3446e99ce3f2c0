using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Hotels;

/// <summary>Keeps Ingest's hotel list in step with the registrations made in Admin, and confirms the key; a repeat is harmless.</summary>
public sealed class HotelRegisteredConsumer(IngestDb db, TimeProvider time) : IConsumer<HotelRegistered>
{
    public async Task Consume(ConsumeContext<HotelRegistered> context)
    {
        var message = context.Message;
        var hotel = await db.Hotels.FirstOrDefaultAsync(h => h.PropertyId == message.PropertyId, context.CancellationToken);
        if (hotel is null)
        {
            hotel = new KnownHotel { PropertyId = message.PropertyId, ProvinceCode = message.ProvinceCode, ApiKeyHash = message.ApiKeyHash };
            db.Hotels.Add(hotel);
        }
        else if (hotel.RegisteredAt > message.RegisteredAt.UtcDateTime)
        {
            return; // an older registration arriving late must not bring back a replaced key
        }
        hotel.ProvinceCode = message.ProvinceCode;
        hotel.ApiKeyHash = message.ApiKeyHash;
        hotel.RegisteredAt = message.RegisteredAt.UtcDateTime;
        db.ConfirmKeys([message.ApiKeyHash], time);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
