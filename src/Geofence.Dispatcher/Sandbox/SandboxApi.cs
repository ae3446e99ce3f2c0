using Geofence.ServiceDefaults.ApiKeys;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Sandbox;

public static class SandboxApi
{
    public sealed record SandboxMessageView(Guid NotificationId, string Channel, string Recipient, string Language,
        string Text, int SmsParts, DateTime RecordedAt);

    public static RouteGroupBuilder MapSandboxMessages(this RouteGroupBuilder api)
    {
        api.MapGet("/sandbox/messages", List)
            .RequireApiKey(ApiCallerKind.Admin)
            .WithName("ListSandboxMessages")
            .WithSummary("What the sandbox providers would have sent, newest first; filter by phone number or device id.");
        return api;
    }

    private static async Task<Results<Ok<SandboxMessageView[]>, ProblemHttpResult>> List(
        DispatcherDb db, PersonKeys personKeys, string? phone, string? deviceId, int? limit, CancellationToken ct)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500) return Problem.Invalid("limit", "must be between 1 and 500.");
        var query = db.SandboxMessages.AsNoTracking();
        if (phone is not null)
        {
            if (!personKeys.TryForPhone(phone, out var key)) return Problem.Invalid("phone", "is not a valid phone number.");
            query = query.Where(m => m.PersonKey == key);
        }
        if (!string.IsNullOrWhiteSpace(deviceId)) query = query.Where(m => m.DeviceId == deviceId);
        var items = await query.OrderByDescending(m => m.Id).Take(take)
            .Select(m => new SandboxMessageView(m.NotificationId, m.Channel, m.Recipient, m.Language, m.Text, m.SmsParts, m.RecordedAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(items);
    }
}
