using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Persons;

/// <summary>
/// A person's rights over their data (Decree 13/2023): erasure everywhere, by a message every service consumes. The
/// answer is 202 with the erasure's id; <c>GET /api/v1/persons/erasures/{id}</c> shows which services have confirmed.
/// </summary>
public static class PersonsApi
{
    public sealed record ServiceErasureView(string Service, bool Confirmed, DateTime? ConfirmedAt, int? Rows);
    public sealed record ErasureView(Guid Id, DateTime RequestedAt, bool Complete, ServiceErasureView[] Services);

    public static RouteGroupBuilder MapPersons(this RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons").RequireApiKey(ApiCallerKind.Admin).WithTags("Persons");
        persons.MapDelete("", Erase).WithName("ErasePerson")
            .WithSummary("Erases everything held about a phone number in every service; the opt-out, if any, stays as a bare hash.")
            .WithDescription("Answers 202 with the erasure; its Location shows each service's confirmation.");
        persons.MapGet("/erasures/{id:guid}", Status).WithName("GetPersonErasure")
            .WithSummary("An erasure's progress: which services have confirmed it and how many rows each erased.");
        return api;
    }

    private static async Task<Results<Accepted<ErasureView>, ProblemHttpResult>> Erase(AdminDb db, PersonKeys personKeys, TimeProvider time,
        string? phone, CancellationToken ct)
    {
        var errors = new FieldErrors();
        string? personKey = null;
        if (string.IsNullOrWhiteSpace(phone)) errors.Add("phone", "is required.");
        else if (!personKeys.TryForPhone(phone, out var key)) errors.Add("phone", "is not a valid phone number.");
        else personKey = key;
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow();
        var erasureId = Guid.NewGuid();
        var notificationIds = await db.Notifications.Where(n => n.PersonKey == personKey).Select(n => n.NotificationId).ToArrayAsync(ct);
        var parts = PersonErased.Services
            .Select(s => new PersonErasure { ErasureId = erasureId, Service = s, RequestedAt = now.UtcDateTime }).ToList();
        db.PersonErasures.AddRange(parts);
        db.Outbox.Add(OutboxMessage.For(new PersonErasureRequested(erasureId, personKey!, notificationIds, now), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/persons/erasures/{erasureId}", View(erasureId, parts));
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> Status(AdminDb db, Guid id, CancellationToken ct)
    {
        var parts = await db.PersonErasures.AsNoTracking().Where(e => e.ErasureId == id).ToListAsync(ct);
        if (parts.Count == 0) return Problem.Status(StatusCodes.Status404NotFound, "No such erasure", "id names no erasure (or it is past its retention).");
        return TypedResults.Ok(View(id, parts));
    }

    private static ErasureView View(Guid id, List<PersonErasure> parts) => new(id, parts.Min(p => p.RequestedAt),
        parts.All(p => p.ConfirmedAt is not null),
        parts.OrderBy(p => p.Service, StringComparer.Ordinal).Select(p => new ServiceErasureView(p.Service, p.ConfirmedAt is not null, p.ConfirmedAt, p.Rows))
            .ToArray());
}
