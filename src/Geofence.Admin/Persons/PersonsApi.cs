using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Persons;

/// <summary>
/// A person's rights over their data (Decree 13/2023): erasure everywhere, by a message every service consumes. The
/// answer is 202 with the erasure's id; <c>GET /api/v1/persons/erasures/{id}</c> shows which services have confirmed.
/// And the right to see it: an export, gathered from every service by request and response over the bus.
/// </summary>
public static class PersonsApi
{
    public sealed record ServiceErasureView(string Service, bool Confirmed, DateTime? ConfirmedAt, int? Rows);
    public sealed record ErasureView(Guid Id, DateTime RequestedAt, bool Complete, ServiceErasureView[] Services);

    /// <summary>Everything held about a number: by service, then by table, each a list of rows.</summary>
    public sealed record PersonExport(string Phone, string PersonKey, DateTimeOffset ExportedAt,
        SortedDictionary<string, Dictionary<string, JsonElement>> Services);

    public static RouteGroupBuilder MapPersons(this RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons").RequireApiKey(ApiCallerKind.Admin).WithTags("Persons");
        persons.MapDelete("", Erase).WithName("ErasePerson")
            .WithSummary("Erases everything held about a phone number in every service; the opt-out, if any, stays as a bare hash.")
            .WithDescription("Answers 202 with the erasure; its Location shows each service's confirmation.");
        persons.MapGet("/erasures/{id:guid}", Status).WithName("GetPersonErasure")
            .WithSummary("An erasure's progress: which services have confirmed it and how many rows each erased.");
        persons.MapGet("/export", Export).WithName("ExportPerson")
            .WithSummary("Everything held about a phone number in every service, as one JSON document grouped by service and table.")
            .WithDescription("Numbers and push tokens held are not repeated (a token shows its last four characters). An unknown " +
                             "number has empty tables. 503 names the services that did not answer within Persons:ExportTimeout.");
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

    private static async Task<Results<Ok<PersonExport>, ProblemHttpResult>> Export(HttpContext http, AdminDb db, PersonKeys personKeys,
        IClientFactory clients, FieldCipher cipher, PersonExportSettings settings, TimeProvider time, ILogger<PersonExport> logger, string? phone, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(phone)) return Problem.Invalid("phone", "is required.");
        if (!PhoneNumber.TryNormalize(phone, out var e164)) return Problem.Invalid("phone", "is not a valid phone number.");

        // An unknown number is asked about like any other: the answer's shape and time say nothing about whether it is known.
        var personKey = personKeys.ForPhone(e164);
        var notificationIds = await db.Notifications.Where(n => n.PersonKey == personKey).Select(n => n.NotificationId).ToArrayAsync(ct);
        var request = new PersonDataRequested(personKey, notificationIds);
        var answers = await Task.WhenAll(PersonDataRequested.Services.Select(async service =>
            (Service: service, Held: await AskAsync(clients, service, request, settings.ExportTimeout, logger, ct))));

        var silent = answers.Where(a => a.Held is null).Select(a => a.Service).Order(StringComparer.Ordinal).ToArray();
        if (silent.Length > 0)
        {
            logger.LogWarning("Person export incomplete: no answer from {Services} within {Timeout}", string.Join(", ", silent), settings.ExportTimeout);
            http.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "Not every service answered",
                Detail = $"No answer within {settings.ExportTimeout.TotalSeconds:0.#} s from: {string.Join(", ", silent)}. Retry later.",
                Extensions = { ["services"] = silent },
            });
        }
        return TypedResults.Ok(new PersonExport(e164, personKey, time.GetUtcNow(),
            new SortedDictionary<string, Dictionary<string, JsonElement>>(answers.ToDictionary(a => a.Service, a => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(cipher.Unprotect(a.Held!.Tables)!)!), StringComparer.Ordinal)));
    }

    /// <summary>One service's answer, or null when it gave none in time (stopped, unreachable, or failing).</summary>
    private static async Task<PersonDataHeld?> AskAsync(IClientFactory clients, string service, PersonDataRequested request, TimeSpan timeout,
        ILogger logger, CancellationToken ct)
    {
        // The request's own timeout starts once it is sent; this bounds the sending too (a broker that does not confirm).
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(timeout + TimeSpan.FromSeconds(1));
        try
        {
            var client = clients.CreateRequestClient<PersonDataRequested>(PersonDataRequested.AddressOf(service), RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
            return (await client.GetResponse<PersonDataHeld>(request, patience.Token)).Message;
        }
        catch (Exception e) when (e is RequestTimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Person export: asking {Service} failed", service);
            return null;
        }
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

/// <summary><c>Persons:*</c> configuration.</summary>
public sealed class PersonExportSettings
{
    /// <summary>How long an export waits for each service's answer before it answers 503 naming the ones that gave none.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")] public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
