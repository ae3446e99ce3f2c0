using System.Globalization;
using Geofence.Contracts;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Paging;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Notifications;

public static class NotificationsApi
{
    private const char CursorPrefix = 'n';

    private static readonly string[] KnownTriggers = [Triggers.CheckIn, Triggers.ProvinceEntry, Triggers.Reminder, Triggers.Campaign];

    public sealed record NotificationView(Guid Id, string? Trigger, string? Channel, string? Provider, string? Language,
        string Status, string? Reason, string? ProvinceCode, string? PropertyId, string? DeviceId, string? Text, int SmsParts,
        DateTime? CreatedAt, DateTime? SentAt, int? TemplateVersion, int InstallClicks, DateTime? DueAt, Guid? CampaignId, int? CampaignRound);

    public sealed record NotificationPage(NotificationView[] Items, string? Next);

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        api.MapGet("/notifications", List)
            .RequireApiKey(ApiCallerKind.Admin)
            .WithName("ListNotifications")
            .WithSummary("Notifications, newest first; filter by a phone number in any format, device id, campaign or trigger.")
            .WithDescription("Page with limit (1-500, default 50) and the cursor from the previous page's 'next'. campaignId is a "
                + "campaign's id; trigger is checkin, province-entry, reminder or campaign.");
        return api;
    }

    private static async Task<Results<Ok<NotificationPage>, ProblemHttpResult>> List(
        AdminDb db, PersonKeys personKeys, string? phone, string? deviceId, string? campaignId, string? trigger, int? limit, string? cursor,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var take = limit ?? 50;
        if (take is < 1 or > 500) errors.Add("limit", "must be between 1 and 500.");
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (long.TryParse(PageCursor.Decode(CursorPrefix, cursor), out var sequence)) before = sequence;
            else errors.Add("cursor", "is not a cursor this API returned.");
        }
        string? personKey = null;
        if (phone is not null)
        {
            if (personKeys.TryForPhone(phone, out var key)) personKey = key;
            else errors.Add("phone", "is not a valid phone number.");
        }
        Guid? campaign = null;
        if (campaignId is not null)
        {
            if (Guid.TryParse(campaignId, out var id)) campaign = id;
            else errors.Add("campaignId", "is not a campaign id (a GUID).");
        }
        if (trigger is not null && !KnownTriggers.Contains(trigger))
            errors.Add("trigger", $"must be one of {string.Join(", ", KnownTriggers)}.");
        if (errors.Any) return errors.ToProblem();

        var query = db.Notifications.AsNoTracking();
        if (personKey is not null) query = query.Where(n => n.PersonKey == personKey);
        if (!string.IsNullOrWhiteSpace(deviceId)) query = query.Where(n => n.DeviceId == deviceId);
        if (campaign is not null) query = query.Where(n => n.CampaignId == campaign);
        if (trigger is not null) query = query.Where(n => n.Trigger == trigger);
        if (before is not null) query = query.Where(n => n.Sequence < before);
        var rows = await query.OrderByDescending(n => n.Sequence).Take(take + 1).ToListAsync(ct);

        var items = rows.Take(take).Select(n => new NotificationView(n.NotificationId, n.Trigger, n.Channel, n.Provider,
            n.Language, n.Status, n.Reason, n.ProvinceCode, n.PropertyId, n.DeviceId, n.Text, n.SmsParts, n.CreatedAt, n.SentAt,
            n.TemplateVersion, n.InstallClicks, n.DueAt, n.CampaignId, n.CampaignRound)).ToArray();
        var next = rows.Count > take ? PageCursor.Encode(CursorPrefix, rows[take - 1].Sequence.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new NotificationPage(items, next));
    }
}
