using System.Text.RegularExpressions;
using Geofence.Admin.Keys;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Messaging.Outbox;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Hotels;

public static partial class HotelApi
{
    public sealed record RegisterHotel(string? PropertyId, string? Name, string? ProvinceCode);
    public sealed record HotelKey(string PropertyId, string ApiKey);
    public sealed record HotelView(string PropertyId, string Name, string ProvinceCode, DateTime RegisteredAt, DateTime KeyIssuedAt);

    public static RouteGroupBuilder MapHotels(this RouteGroupBuilder api)
    {
        var hotels = api.MapGroup("/hotels").RequireApiKey(ApiCallerKind.Admin);
        hotels.MapPost("", Register).Accepts<RegisterHotel>("application/json").ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("RegisterHotel")
            .WithSummary("Registers a hotel and issues its PMS API key (shown only in this answer).");
        hotels.MapGet("", List).WithName("ListHotels").WithSummary("Lists registered hotels.");
        hotels.MapPost("/{propertyId}/key", RotateKey).ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithName("RotateHotelKey")
            .WithSummary("Issues a new API key for a hotel; every older key stops working at once (POST .../keys keeps them for a grace period).");
        return api;
    }

    private static async Task<Results<Created<HotelKey>, ProblemHttpResult>> Register(
        HttpContext http, AdminDb db, TimeProvider time, IngestConfirmations confirmations)
    {
        var (request, invalid) = await JsonBody.ReadAsync<RegisterHotel>(http, 16 * 1024);
        if (invalid is not null) return invalid;

        var errors = new FieldErrors();
        var propertyId = request!.PropertyId?.Trim();
        if (string.IsNullOrEmpty(propertyId)) errors.Add("propertyId", "is required.");
        else if (!PropertyIdPattern().IsMatch(propertyId)) errors.Add("propertyId", "may use letters, digits, '.', '_' and '-' (at most 64).");
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "is required.");
        else if (name.Length > 200) errors.Add("name", "is longer than 200 characters.");
        var provinceCode = request.ProvinceCode?.Trim();
        if (string.IsNullOrEmpty(provinceCode)) errors.Add("provinceCode", "is required.");
        else if (!ProvinceCatalogue.BuiltIn.Provinces34.ContainsKey(provinceCode))
            errors.Add("provinceCode", "is not one of the 34 province codes in force since 2025-07-01 (e.g. 22 for Quảng Ninh).");
        if (errors.Any) return errors.ToProblem();

        if (await db.Hotels.AnyAsync(h => h.PropertyId == propertyId, http.RequestAborted)) return Conflict(propertyId!);

        var now = time.GetUtcNow();
        var key = ApiKey.New("gfhotel");
        var hotel = new Hotel
        {
            PropertyId = propertyId!, Name = name!, ProvinceCode = provinceCode!, ApiKeyHash = ApiKey.Hash(key),
            RegisteredAt = now.UtcDateTime, KeyIssuedAt = now.UtcDateTime,
        };
        db.Hotels.Add(hotel);
        db.IssuedKeys.Add(new IssuedKey
        {
            KeyId = Guid.CreateVersion7(), Kind = ApiKeyKinds.Hotel, OwnerId = hotel.PropertyId, KeyHash = hotel.ApiKeyHash,
            CreatedAt = now.UtcDateTime, ChangedAt = now.UtcDateTime,
        });
        db.Outbox.Add(OutboxMessage.For(Registered(hotel, now), now));
        var confirmed = confirmations.Expect(hotel.ApiKeyHash);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            confirmations.Forget(hotel.ApiKeyHash);
            db.ChangeTracker.Clear();
            if (await db.Hotels.AnyAsync(h => h.PropertyId == propertyId)) return Conflict(propertyId!); // registered at the same moment
            throw;
        }
        if (await confirmations.WaitAsync(http, hotel.ApiKeyHash, confirmed, key, null) is { } notYet) return notYet;
        return TypedResults.Created($"/api/v1/hotels/{Uri.EscapeDataString(hotel.PropertyId)}", new HotelKey(hotel.PropertyId, key));
    }

    private static async Task<Results<Ok<HotelKey>, ProblemHttpResult>> RotateKey(
        string propertyId, HttpContext http, AdminDb db, KeyRing ring, TimeProvider time, IngestConfirmations confirmations, CancellationToken ct)
    {
        var hotel = await db.Hotels.FirstOrDefaultAsync(h => h.PropertyId == propertyId, ct);
        if (hotel is null) return Problem.Status(StatusCodes.Status404NotFound, "No such hotel", $"No hotel '{propertyId}' is registered.");
        await ring.TrackAsync(ApiKeyKinds.Hotel, hotel.PropertyId, hotel.ApiKeyHash, hotel.KeyIssuedAt, ct);
        var key = await ring.IssueAsync(ApiKeyKinds.Hotel, hotel.PropertyId, "gfhotel", null, KeyRing.Previous.Revoke, ct);
        var now = time.GetUtcNow();
        hotel.ApiKeyHash = key.Row.KeyHash;
        hotel.KeyIssuedAt = now.UtcDateTime;
        db.Outbox.Add(OutboxMessage.For(Registered(hotel, now), now));
        var confirmed = confirmations.Expect(key.Row.KeyHash);
        await db.SaveChangesAsync(ct);
        if (await confirmations.WaitAsync(http, key.Row.KeyHash, confirmed, key.Secret, key.Row.KeyId) is { } notYet) return notYet;
        return TypedResults.Ok(new HotelKey(hotel.PropertyId, key.Secret));
    }

    private static async Task<Ok<HotelView[]>> List(AdminDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Hotels.AsNoTracking().OrderBy(h => h.PropertyId)
            .Select(h => new HotelView(h.PropertyId, h.Name, h.ProvinceCode, h.RegisteredAt, h.KeyIssuedAt)).ToArrayAsync(ct));

    private static HotelRegistered Registered(Hotel hotel, DateTimeOffset now) =>
        new(hotel.PropertyId, hotel.Name, hotel.ProvinceCode, hotel.ApiKeyHash, now);

    private static ProblemHttpResult Conflict(string propertyId) =>
        Problem.Status(StatusCodes.Status409Conflict, "Hotel exists", $"A hotel with propertyId '{propertyId}' is already registered.");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex PropertyIdPattern();
}
