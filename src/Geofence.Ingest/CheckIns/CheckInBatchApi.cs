using System.Text;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.CheckIns;

/// <summary>
/// Many check-ins in one request, for a PMS that sends a whole arrival wave (JSON) and for a guesthouse with no PMS that
/// uploads the day's guest list (CSV). Each check-in is validated on its own and answered on its own; the good ones are
/// committed together, in one transaction. A check-in already accepted (the same fields, by any route) is not accepted
/// again: posting the same batch or file twice has no second effect.
/// </summary>
public static class CheckInBatchApi
{
    public const int MaxItems = 500;
    public const int MaxBatchBytes = 1024 * 1024;
    public const int MaxCsvBytes = 2 * 1024 * 1024;
    public const int MaxCsvRows = 5_000;

    public static RouteGroupBuilder MapCheckInBatches(this RouteGroupBuilder api)
    {
        api.MapPost("/checkins/batch", AcceptBatch)
            .RequireApiKey(ApiCallerKind.Hotel)
            .Accepts<CheckInBatchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("PostCheckInBatch")
            .WithSummary($"Up to {MaxItems} check-ins at once, each answered on its own.")
            .WithDescription("Each item is a check-in as for POST /api/v1/checkins. The answer lists every item by index: " +
                             "202 with its checkinId (also for one accepted before, so a resent batch has no second effect) " +
                             "or 400 with the errors by field, named within the item.");
        api.MapPost("/checkins/csv", AcceptCsv)
            .RequireApiKey(ApiCallerKind.Hotel)
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("PostCheckInCsv")
            .WithSummary("The day's guest list as CSV, for a hotel with no PMS.")
            .WithDescription($"UTF-8 (with or without BOM), header row {string.Join(',', CsvHeader.Required)}[,doNotContact], " +
                             $"up to {MaxCsvRows} rows. Good rows are accepted; the answer counts them, counts rows accepted " +
                             "before (the same file twice has no second effect) and names each rejected row's line (the header " +
                             "is line 1) and reason.");
        return api;
    }

    public sealed record CheckInBatchRequest(CheckInRequest?[]? Items);

    public sealed record BatchItemResult(int Index, int Status, Guid? CheckinId, Dictionary<string, string[]>? Errors);

    public sealed record BatchResult(BatchItemResult[] Items);

    public sealed record CsvRejectedRow(int Line, string Reason);

    public sealed record CsvResult(int Accepted, int Duplicates, CsvRejectedRow[] Rejected);

    private static async Task<Results<Ok<BatchResult>, ProblemHttpResult>> AcceptBatch(
        HttpContext http, IngestDb db, IBusControl bus, IngestSettings settings, TimeProvider time,
        FieldCipher cipher, PersonKeys personKeys, ILogger<CheckInBatchRequest> logger)
    {
        var (request, invalid) = await JsonBody.ReadAsync<CheckInBatchRequest>(http, MaxBatchBytes);
        if (invalid is not null) return invalid;
        if (request!.Items is not { Length: > 0 } items) return Problem.Invalid("items", "is required and must hold at least one check-in.");
        if (items.Length > MaxItems) return Problem.Invalid("items", $"may hold at most {MaxItems} check-ins; split the batch.");

        var owner = http.GetApiCaller().OwnerId;
        var hotel = await db.Hotels.AsNoTracking().FirstAsync(h => h.PropertyId == owner, http.RequestAborted);
        var now = time.GetUtcNow();
        var window = EventWindow.At(now, settings);
        var results = new BatchItemResult?[items.Length];
        var valid = new List<(int Index, ValidCheckIn CheckIn)>();
        foreach (var (item, index) in items.Select((item, index) => (item, index)))
        {
            if (item is null)
            {
                results[index] = new BatchItemResult(index, StatusCodes.Status400BadRequest, null, new() { ["$"] = ["must be a check-in object."] });
                continue;
            }
            if (item.PropertyId is not null && item.PropertyId.Trim() != owner)
            {
                results[index] = new BatchItemResult(index, StatusCodes.Status400BadRequest, null,
                    new() { ["propertyId"] = [$"this API key belongs to property '{owner}'."] });
                continue;
            }
            var (checkIn, errors) = CheckInValidation.Validate(item, Guid.CreateVersion7(now), hotel.ProvinceCode, window);
            if (checkIn is null) results[index] = new BatchItemResult(index, StatusCodes.Status400BadRequest, null, errors.ToDictionary());
            else valid.Add((index, checkIn));
        }

        var accepted = await AcceptAsync(db, bus, settings, cipher, personKeys, window, now, valid.Select(v => v.CheckIn).ToList(), http.RequestAborted);
        if (accepted is null) return CheckInApi.BusUnavailable(http);
        foreach (var ((index, _), (id, _)) in valid.Zip(accepted))
            results[index] = new BatchItemResult(index, StatusCodes.Status202Accepted, id, null);
        logger.LogInformation("Batch of {Items} check-ins for {PropertyId}: {New} new, {Earlier} accepted before, {Invalid} invalid",
            items.Length, owner, accepted.Count(a => !a.Earlier), accepted.Count(a => a.Earlier), items.Length - valid.Count);
        return TypedResults.Ok(new BatchResult(results!));
    }

    private static async Task<Results<Ok<CsvResult>, ProblemHttpResult>> AcceptCsv(
        HttpContext http, IngestDb db, IBusControl bus, IngestSettings settings, TimeProvider time,
        FieldCipher cipher, PersonKeys personKeys, ILogger<CsvResult> logger)
    {
        if (!IsCsv(http.Request.ContentType))
            return Problem.Status(StatusCodes.Status415UnsupportedMediaType, "Not CSV",
                "Send the guest list with Content-Type: text/csv (UTF-8).");
        var body = await JsonBody.ReadLimitedAsync(http, MaxCsvBytes);
        if (body is null)
            return Problem.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The file may be at most {MaxCsvBytes / 1024 / 1024} MiB; split it.");
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Problem.Invalid("body", "is not UTF-8 text; save the file as CSV UTF-8.");
        }

        var records = CsvRecords.Parse(text.TrimStart('\uFEFF'), MaxCsvRows + 1);
        if (records.Error is { } error) return Problem.Invalid("body", error);
        if (records.Rows.Count == 0) return Problem.Invalid("body", $"is empty; the first line must be the header {string.Join(',', CsvHeader.Required)}.");
        if (records.Rows.Count > MaxCsvRows + 1) return Problem.Invalid("body", $"has more than {MaxCsvRows} rows; split the file.");
        var (header, headerError) = CsvHeader.Read(records.Rows[0].Fields);
        if (header is null) return Problem.Invalid("header", headerError!);

        var owner = http.GetApiCaller().OwnerId;
        var hotel = await db.Hotels.AsNoTracking().FirstAsync(h => h.PropertyId == owner, http.RequestAborted);
        var now = time.GetUtcNow();
        var window = EventWindow.At(now, settings);
        var rejected = new List<CsvRejectedRow>();
        var valid = new List<ValidCheckIn>();
        foreach (var row in records.Rows.Skip(1))
        {
            if (row.Fields.All(string.IsNullOrWhiteSpace)) continue; // a blank line, as spreadsheets leave at the end
            var (request, rowError) = header.ToRequest(row.Fields, hotel.PropertyId);
            if (request is null)
            {
                rejected.Add(new CsvRejectedRow(row.Line, rowError!));
                continue;
            }
            var (checkIn, errors) = CheckInValidation.Validate(request, Guid.CreateVersion7(now), hotel.ProvinceCode, window);
            if (checkIn is null)
                rejected.Add(new CsvRejectedRow(row.Line, string.Join(" ", errors.ToDictionary().Select(e => $"{CsvHeader.ColumnOf(e.Key)}: {string.Join(" ", e.Value)}"))));
            else valid.Add(checkIn);
        }

        var accepted = await AcceptAsync(db, bus, settings, cipher, personKeys, window, now, valid, http.RequestAborted);
        if (accepted is null) return CheckInApi.BusUnavailable(http);
        var result = new CsvResult(accepted.Count(a => !a.Earlier), accepted.Count(a => a.Earlier), [.. rejected]);
        logger.LogInformation("Guest list for {PropertyId}: {Accepted} accepted, {Duplicates} accepted before, {Rejected} rejected",
            owner, result.Accepted, result.Duplicates, result.Rejected.Length);
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Commits every check-in not accepted before (by its normalised body, within the batch too) with its outbox message,
    /// in one transaction; returns each one's id and whether it had been accepted before, or null when the bus is down
    /// and the outbox already holds as much as it may.
    /// </summary>
    private static async Task<List<(Guid Id, bool Earlier)>?> AcceptAsync(IngestDb db, IBusControl bus, IngestSettings settings,
        FieldCipher cipher, PersonKeys personKeys, EventWindow window, DateTimeOffset now, IReadOnlyList<ValidCheckIn> checkIns,
        CancellationToken ct)
    {
        var hashed = checkIns.Select(c => (CheckIn: c, BodyHash: c.BodyHash())).ToList();
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var keys = hashed.Select(h => $"body:{h.BodyHash}").Distinct().ToList();
            var propertyId = checkIns.FirstOrDefault()?.PropertyId;
            var earlier = keys.Count == 0 ? [] : await db.CheckIns.AsNoTracking()
                .Where(c => c.PropertyId == propertyId && keys.Contains(c.IdempotencyKey))
                .ToDictionaryAsync(c => c.IdempotencyKey, c => c.Id, ct);
            var fresh = new Dictionary<string, Guid>();
            var results = new List<(Guid, bool)>(hashed.Count);
            foreach (var (checkIn, bodyHash) in hashed)
            {
                var key = $"body:{bodyHash}";
                if (earlier.TryGetValue(key, out var id) || fresh.TryGetValue(key, out id))
                {
                    results.Add((id, true));
                    continue;
                }
                fresh[key] = checkIn.CheckInId;
                results.Add((checkIn.CheckInId, false));
                db.CheckIns.Add(new AcceptedCheckIn
                {
                    Id = checkIn.CheckInId, PropertyId = checkIn.PropertyId, IdempotencyKey = key, BodyHash = bodyHash,
                    ReservationId = checkIn.ReservationId, AcceptedAt = now.UtcDateTime,
                });
                db.Outbox.Add(OutboxMessage.For(checkIn.ToMessage(cipher, personKeys, window.IsStale(checkIn.CheckedInAt)), now));
            }
            if (fresh.Count == 0) return results;
            if (!await CheckInApi.OutboxHasRoomAsync(db, bus, settings, fresh.Count, ct)) return null;
            try
            {
                await db.SaveChangesAsync(ct);
                return results;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another request stored some of these first: look again, and they come back as accepted before.
            }
        }
    }

    private static bool IsCsv(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim() is var media
        && (media.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || media.Equals("application/csv", StringComparison.OrdinalIgnoreCase));
}
