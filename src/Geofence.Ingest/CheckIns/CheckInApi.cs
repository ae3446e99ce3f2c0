using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.CheckIns;

public static class CheckInApi
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapCheckIns(this RouteGroupBuilder api)
    {
        api.MapPost("/checkins", Accept)
            .RequireApiKey(ApiCallerKind.Hotel)
            .Accepts<CheckInRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("PostCheckIn")
            .WithSummary("A hotel reports a guest's check-in; the guest is told to install Bluezone.")
            .WithDescription("Answers 202 once the check-in is committed to Ingest's outbox. Repeat a request with the same " +
                             "Idempotency-Key (or the same body) and the same checkinId comes back.");
        return api;
    }

    public sealed record CheckInAccepted(Guid CheckinId, string Status);

    private static async Task<Results<Accepted<CheckInAccepted>, ProblemHttpResult>> Accept(
        HttpContext http, IngestDb db, IBusControl bus, IngestSettings settings, TimeProvider time,
        FieldCipher cipher, PersonKeys personKeys, ILogger<CheckInAccepted> logger)
    {
        var (request, invalid) = await JsonBody.ReadAsync<CheckInRequest>(http, MaxBodyBytes);
        if (invalid is not null) return invalid;

        var caller = http.GetApiCaller();
        if (request!.PropertyId is not null && request.PropertyId.Trim() != caller.OwnerId)
            return Problem.Status(StatusCodes.Status403Forbidden, "Not your property",
                $"This API key belongs to property '{caller.OwnerId}', not '{request.PropertyId}'.");

        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
            return Problem.Invalid("Idempotency-Key", $"is longer than {MaxIdempotencyKeyLength} characters.");

        var hotel = await db.Hotels.AsNoTracking().FirstAsync(h => h.PropertyId == caller.OwnerId, http.RequestAborted);
        var now = time.GetUtcNow();
        var window = EventWindow.At(now, settings);
        var (checkIn, errors) = CheckInValidation.Validate(request, Guid.CreateVersion7(now), hotel.ProvinceCode, window);
        if (checkIn is null) return errors.ToProblem();

        var bodyHash = checkIn.BodyHash();
        var key = string.IsNullOrEmpty(idempotencyKey) ? $"body:{bodyHash}" : $"key:{idempotencyKey}";

        if (await FindEarlierAsync(db, hotel.PropertyId, key, bodyHash, http.RequestAborted) is { } earlier) return earlier;

        if (!await OutboxHasRoomAsync(db, bus, settings, 1, http.RequestAborted)) return BusUnavailable(http);

        db.CheckIns.Add(new AcceptedCheckIn
        {
            Id = checkIn.CheckInId, PropertyId = hotel.PropertyId, IdempotencyKey = key, BodyHash = bodyHash,
            ReservationId = checkIn.ReservationId, AcceptedAt = now.UtcDateTime,
        });
        var stale = window.IsStale(checkIn.CheckedInAt);
        db.Outbox.Add(OutboxMessage.For(checkIn.ToMessage(cipher, personKeys, stale), now));
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // The same check-in arrived twice at once and the other request stored it first.
            if (await FindEarlierAsync(db, hotel.PropertyId, key, bodyHash, CancellationToken.None) is { } raced) return raced;
            throw;
        }
        logger.LogInformation("Accepted check-in {CheckInId} for {PropertyId}{Stale}", checkIn.CheckInId, hotel.PropertyId,
            stale ? " (stale: nobody is messaged)" : "");
        return TypedResults.Accepted($"/api/v1/checkins/{checkIn.CheckInId}", new CheckInAccepted(checkIn.CheckInId, "accepted"));
    }

    /// <summary>
    /// Whether the outbox may take <paramref name="adding"/> more check-ins: always while the bus is up; while it is down,
    /// until <c>Ingest__MaxUnpublished</c> are waiting for it.
    /// </summary>
    internal static async Task<bool> OutboxHasRoomAsync(IngestDb db, IBusControl bus, IngestSettings settings, int adding, CancellationToken ct) =>
        bus.CheckHealth().Status == BusHealthStatus.Healthy
        || await db.Outbox.CountAsync(m => m.PublishedAt == null, ct) + adding <= settings.MaxUnpublished;

    /// <summary>The answer when the outbox has no room: the check-ins are not accepted, and the PMS retries.</summary>
    internal static ProblemHttpResult BusUnavailable(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "30";
        return Problem.Status(StatusCodes.Status503ServiceUnavailable, "Message bus unavailable",
            "Check-ins cannot be passed on right now; retry later.");
    }

    private static async Task<Results<Accepted<CheckInAccepted>, ProblemHttpResult>?> FindEarlierAsync(
        IngestDb db, string propertyId, string key, string bodyHash, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var earlier = await db.CheckIns.AsNoTracking()
            .FirstOrDefaultAsync(c => c.PropertyId == propertyId && c.IdempotencyKey == key, cancellationToken);
        if (earlier is null) return null;
        if (earlier.BodyHash != bodyHash)
            return Problem.Status(StatusCodes.Status409Conflict, "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different check-in.");
        return TypedResults.Accepted($"/api/v1/checkins/{earlier.Id}", new CheckInAccepted(earlier.Id, "accepted"));
    }
}
