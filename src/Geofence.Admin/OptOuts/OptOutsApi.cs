using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Paging;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.OptOuts;

/// <summary>
/// The opt-out list: who is not messaged, why, and since when. Staff record a person's request and lift an opt-out
/// when the person asks to be messaged again. Changes reach the Notifier through the outbox, so they apply to
/// arrivals a moment later.
/// </summary>
public static class OptOutsApi
{
    private const char CursorPrefix = 'o';

    public sealed record RecordOptOut(string? Phone, string? Note);
    public sealed record OptOutView(string PersonKey, bool Active, string? Source, string? Code, string? Note, DateTime? OptedOutAt,
        DateTime? LiftedAt);
    public sealed record OptOutPage(OptOutView[] Items, string? Next);

    public static RouteGroupBuilder MapOptOuts(this RouteGroupBuilder api)
    {
        var optOuts = api.MapGroup("/opt-outs").RequireApiKey(ApiCallerKind.Admin).WithTags("Opt-outs");
        optOuts.MapGet("", List).WithName("ListOptOuts")
            .WithSummary("The opt-out list; filter by a phone number in any format; active ones only unless all=true.")
            .WithDescription("Page with limit (1-500, default 100) and the cursor from the previous page's 'next'.");
        optOuts.MapPost("", Record).Accepts<RecordOptOut>("application/json").WithName("RecordOptOut")
            .WithSummary("Records that a person asked not to be messaged; later arrivals are suppressed as opted-out.");
        optOuts.MapDelete("", Lift).ProducesProblem(StatusCodes.Status404NotFound).WithName("LiftOptOut")
            .WithSummary("Lifts a person's opt-out (whatever its source); later arrivals are notified again.");
        return api;
    }

    private static async Task<Results<Ok<OptOutPage>, ProblemHttpResult>> List(AdminDb db, PersonKeys personKeys, string? phone, bool? all,
        int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var take = limit ?? 100;
        if (take is < 1 or > 500) errors.Add("limit", "must be between 1 and 500.");
        string? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = PageCursor.Decode(CursorPrefix, cursor)) is null) errors.Add("cursor", "is not a cursor this API returned.");
        var personKey = phone is null ? null : PersonKeyOf(phone, personKeys, errors);
        if (errors.Any) return errors.ToProblem();

        var query = db.OptOuts.AsNoTracking();
        if (all != true) query = query.WhereActive();
        if (personKey is not null) query = query.Where(o => o.PersonKey == personKey);
        if (after is not null) query = query.Where(o => string.Compare(o.PersonKey, after) > 0);
        var rows = await query.OrderBy(o => o.PersonKey).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(o => new OptOutView(o.PersonKey, o.IsActive, o.Source, o.Code, o.Note, o.OptedOutAt, o.LiftedAt)).ToArray();
        return TypedResults.Ok(new OptOutPage(items, rows.Count > take ? PageCursor.Encode(CursorPrefix, rows[take - 1].PersonKey) : null));
    }

    private static async Task<Results<Accepted<OptOutView>, ProblemHttpResult>> Record(HttpContext http, AdminDb db, PersonKeys personKeys,
        TimeProvider time)
    {
        var (request, invalid) = await JsonBody.ReadAsync<RecordOptOut>(http, 16 * 1024);
        if (invalid is not null) return invalid;
        var errors = new FieldErrors();
        var personKey = request!.Phone is null ? null : PersonKeyOf(request.Phone, personKeys, errors);
        if (request.Phone is null) errors.Add("phone", "is required.");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > 200 }) errors.Add("note", "is longer than 200 characters.");
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow();
        var entry = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == personKey, http.RequestAborted);
        if (entry is null) db.OptOuts.Add(entry = new OptOutEntry { PersonKey = personKey! });
        entry.OptOut(OptOutRequested.Source, OptOutRecord.Requested, note, now.UtcDateTime);
        db.Outbox.Add(OutboxMessage.For(new OptOutRequested(personKey!, note, now), now));
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null, View(entry));
    }

    private static async Task<Results<Accepted<OptOutView>, ProblemHttpResult>> Lift(AdminDb db, PersonKeys personKeys,
        TimeProvider time, string? phone, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var personKey = phone is null ? null : PersonKeyOf(phone, personKeys, errors);
        if (phone is null) errors.Add("phone", "is required.");
        if (errors.Any) return errors.ToProblem();

        var entry = await db.OptOuts.FirstOrDefaultAsync(o => o.PersonKey == personKey, ct);
        if (entry is not { IsActive: true })
            return Problem.Status(StatusCodes.Status404NotFound, "No active opt-out for this number",
                "phone is not on the opt-out list (a provider's report may still be on its way).");
        var now = time.GetUtcNow();
        entry.Lift(now.UtcDateTime);
        db.Outbox.Add(OutboxMessage.For(new OptOutLifted(personKey!, now), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted((string?)null, View(entry));
    }

    private static string? PersonKeyOf(string phone, PersonKeys personKeys, FieldErrors errors)
    {
        if (personKeys.TryForPhone(phone, out var personKey)) return personKey;
        errors.Add("phone", "is not a valid phone number.");
        return null;
    }

    private static OptOutView View(OptOutEntry o) => new(o.PersonKey, o.IsActive, o.Source, o.Code, o.Note, o.OptedOutAt, o.LiftedAt);
}
