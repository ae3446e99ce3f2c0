using System.Globalization;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Paging;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Sandbox;

public static class SandboxApi
{
    private const char CursorPrefix = 's';

    public sealed record SandboxMessageView(Guid NotificationId, string Channel, string Recipient, string Language,
        string Text, int SmsParts, DateTime RecordedAt);

    public sealed record SandboxPage(SandboxMessageView[] Items, string? Next);

    public static RouteGroupBuilder MapSandboxMessages(this RouteGroupBuilder api)
    {
        api.MapGet("/sandbox/messages", List)
            .RequireApiKey(ApiCallerKind.Admin)
            .WithName("ListSandboxMessages")
            .WithSummary("What the sandbox providers would have sent, newest first; filter by phone number or device id.")
            .WithDescription("Page with limit (1-500, default 50) and the cursor from the previous page's 'next'.");
        return api;
    }

    private static async Task<Results<Ok<SandboxPage>, ProblemHttpResult>> List(
        DispatcherDb db, PersonKeys personKeys, string? phone, string? deviceId, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var take = limit ?? 50;
        if (take is < 1 or > 500) errors.Add("limit", "must be between 1 and 500.");
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (long.TryParse(PageCursor.Decode(CursorPrefix, cursor), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) before = id;
            else errors.Add("cursor", "is not a cursor this API returned.");
        }
        string? personKey = null;
        if (phone is not null)
        {
            if (personKeys.TryForPhone(phone, out var key)) personKey = key;
            else errors.Add("phone", "is not a valid phone number.");
        }
        if (errors.Any) return errors.ToProblem();

        var query = db.SandboxMessages.AsNoTracking();
        if (personKey is not null) query = query.Where(m => m.PersonKey == personKey);
        if (!string.IsNullOrWhiteSpace(deviceId)) query = query.Where(m => m.DeviceId == deviceId);
        if (before is not null) query = query.Where(m => m.Id < before);
        var rows = await query.OrderByDescending(m => m.Id).Take(take + 1).ToListAsync(ct);

        var items = rows.Take(take)
            .Select(m => new SandboxMessageView(m.NotificationId, m.Channel, m.Recipient, m.Language, m.Text, m.SmsParts, m.RecordedAt)).ToArray();
        var next = rows.Count > take ? PageCursor.Encode(CursorPrefix, rows[take - 1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new SandboxPage(items, next));
    }
}
