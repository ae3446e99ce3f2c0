using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Notifier.Audiences;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Csv;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Campaigns;

/// <summary>
/// /api/v1/campaigns: the department sends an audience a message on a schedule of rounds, watches its progress and
/// cost, pauses, resumes or cancels it, and exports who got what (recipients.csv).
/// </summary>
public static class CampaignsApi
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxRoundsAllowed = 1000;
    private static readonly string[] ChannelNames = [Channels.Push, Channels.Zalo, Channels.Sms];

    /// <summary>repeatEvery as a TimeSpan ("1.00:00:00") or ISO 8601 ("P1D"); startAt and endAt ISO 8601 with an offset.</summary>
    public sealed record CreateCampaignRequest(string? Name, Guid? AudienceId, string? ProvinceCode, string[]? Channels, string? StartAt,
        string? RepeatEvery, int? MaxRounds, string? EndAt, int? MaxSmsPartsPerDay, JsonElement? Texts);

    public sealed record CampaignCreated(Guid CampaignId);

    /// <summary>
    /// One round's progress: planned people; pending (not released yet); queued (with the Dispatcher, no outcome yet);
    /// sent (accepted by a provider, delivered and undelivered included); delivered; undelivered; failed; suppressed by
    /// reason. estimatedFinish from the last minute's send rate while the round sends.
    /// </summary>
    public sealed record RoundView(int Round, string Status, DateTimeOffset DueAt, int Planned, int Pending, int Queued, int Sent, int Delivered,
        int Undelivered, int Failed, IReadOnlyDictionary<string, int> Suppressed, DateTimeOffset? EstimatedFinish);

    /// <summary>
    /// smsParts: SMS parts the providers were asked to send; estimatedCost: that and the Zalo messages sent, plus the rest
    /// of the current round at the average so far; texts: the campaign's own texts, as given (null: the campaign templates).
    /// </summary>
    public sealed record CampaignView(Guid CampaignId, string Name, Guid AudienceId, string ProvinceCode, string[] Channels, string Status,
        string? StatusReason, DateTimeOffset StartAt, TimeSpan? RepeatEvery, int? MaxRounds, DateTimeOffset? EndAt, int? MaxSmsPartsPerDay,
        RoundView[] Rounds, long SmsParts, decimal EstimatedCost, string Currency,
        IReadOnlyDictionary<string, Dictionary<string, CampaignTexts.Body>>? Texts);

    public sealed record CampaignList(CampaignView[] Items);

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/v1/campaigns").RequireApiKey(ApiCallerKind.Admin).WithTags("Campaigns");
        campaigns.MapPost("", CreateAsync).Accepts<CreateCampaignRequest>("application/json").WithName("CreateCampaign")
            .WithSummary("Schedules a campaign to an audience; planning and sending happen in the background.");
        campaigns.MapGet("", ListAsync).WithName("ListCampaigns").WithSummary("Every campaign, newest first, with its progress.");
        campaigns.MapGet("/{campaignId:guid}", GetAsync).WithName("GetCampaign")
            .WithSummary("A campaign with each round's counts by status, SMS parts spent and the estimated cost.");
        campaigns.MapPost("/{campaignId:guid}/pause", (Guid campaignId, NotifierDb db, CampaignSettings s, TimeProvider t, CancellationToken ct) =>
                TransitionAsync(campaignId, "pause", db, s, t, ct))
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("PauseCampaign").WithSummary("Scheduled or running → paused: nothing more is released until it is resumed.");
        campaigns.MapPost("/{campaignId:guid}/resume", (Guid campaignId, NotifierDb db, CampaignSettings s, TimeProvider t, CancellationToken ct) =>
                TransitionAsync(campaignId, "resume", db, s, t, ct))
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("ResumeCampaign").WithSummary("Paused → running (scheduled if it had not started); clears the spend guard's pause.");
        campaigns.MapPost("/{campaignId:guid}/cancel", (Guid campaignId, NotifierDb db, CampaignSettings s, TimeProvider t, CancellationToken ct) =>
                TransitionAsync(campaignId, "cancel", db, s, t, ct))
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CancelCampaign").WithSummary("Anything not done → cancelled; messages already queued still go out.");
        campaigns.MapGet("/{campaignId:guid}/recipients.csv", RecipientsAsync).WithName("CampaignRecipients")
            .WithSummary("round,phone (masked),name,language,status,reason,channel,sentAt for each person of a round (or all rounds), spreadsheet-safe.");
        return app;
    }

    private static async Task<Results<Created<CampaignCreated>, ProblemHttpResult>> CreateAsync(HttpContext http, NotifierDb db,
        CampaignSettings settings, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var (request, bad) = await JsonBody.ReadAsync<CreateCampaignRequest>(http, MaxBodyBytes);
        if (bad is not null) return bad;
        var errors = new FieldErrors();
        var r = request!;
        var name = r.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) errors.Add("name", "is required, 1 to 200 characters.");
        if (r.AudienceId is not { } audienceId) errors.Add("audienceId", "is required.");
        else if (await db.Audiences.AsNoTracking().FirstOrDefaultAsync(a => a.AudienceId == audienceId, ct) is not { } audience)
            errors.Add("audienceId", $"no audience {audienceId}.");
        else if (audience.Status != Audience.Ready) errors.Add("audienceId", $"the audience is {audience.Status}, not ready.");
        if (string.IsNullOrWhiteSpace(r.ProvinceCode) || !ProvinceCatalogue.BuiltIn.Provinces34.ContainsKey(r.ProvinceCode))
            errors.Add("provinceCode", "must be the code of one of the 34 provinces and cities (e.g. 22, 79).");
        if (r.Channels is not { Length: > 0 } channels) errors.Add("channels", $"at least one of {string.Join(", ", ChannelNames)}.");
        else if (channels.FirstOrDefault(c => !ChannelNames.Contains(c)) is { } unknown)
            errors.Add("channels", $"unknown channel '{unknown}'; one of {string.Join(", ", ChannelNames)}.");
        else if (channels.Distinct().Count() != channels.Length) errors.Add("channels", "a channel is named twice.");
        DateTimeOffset startAt = default, endAt = default;
        if (r.StartAt is null) errors.Add("startAt", "is required (ISO 8601 with an offset; a time in the past starts at once).");
        else if (!RequestFormats.TryParseOffsetDateTime(r.StartAt, out startAt)) errors.Add("startAt", "must be ISO 8601 with an offset, e.g. 2026-12-02T08:00:00+07:00.");
        TimeSpan? repeatEvery = null;
        if (r.RepeatEvery is not null)
        {
            if (ParseDuration(r.RepeatEvery) is not { } every) errors.Add("repeatEvery", "must be a duration, e.g. \"1.00:00:00\" or \"P1D\".");
            else if (every < settings.MinRepeatEvery) errors.Add("repeatEvery", $"must be at least {settings.MinRepeatEvery:c}.");
            else repeatEvery = every;
        }
        if (r.MaxRounds is < 1 or > MaxRoundsAllowed) errors.Add("maxRounds", $"1 to {MaxRoundsAllowed}.");
        if (r.EndAt is not null)
        {
            if (!RequestFormats.TryParseOffsetDateTime(r.EndAt, out endAt)) errors.Add("endAt", "must be ISO 8601 with an offset.");
            else if (r.StartAt is not null && endAt <= startAt) errors.Add("endAt", "must be after startAt.");
        }
        if (repeatEvery is not null && r.MaxRounds is null && r.EndAt is null)
            errors.Add("maxRounds", "a repeating campaign needs maxRounds or endAt.");
        if (r.MaxSmsPartsPerDay is < 1) errors.Add("maxSmsPartsPerDay", "must be at least 1.");
        var texts = CampaignTexts.Validate(r.Texts, errors);
        if (errors.Any) return errors.ToProblem();

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var campaign = new Campaign
        {
            CampaignId = Guid.CreateVersion7(time.GetUtcNow()), Name = name!, AudienceId = r.AudienceId!.Value, ProvinceCode = r.ProvinceCode!,
            Channels = string.Join(',', r.Channels!), StartAtMs = startAt.ToUnixTimeMilliseconds(),
            RepeatEveryMs = repeatEvery is { } e ? (long)e.TotalMilliseconds : null,
            MaxRounds = r.MaxRounds ?? (repeatEvery is null ? 1 : null), EndAtMs = r.EndAt is null ? null : endAt.ToUnixTimeMilliseconds(),
            MaxSmsPartsPerDay = r.MaxSmsPartsPerDay, Texts = texts, Status = Campaign.Scheduled, CreatedAtMs = nowMs, UpdatedAtMs = nowMs,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger(typeof(CampaignsApi)).LogInformation("Campaign {CampaignId} created for audience {AudienceId}", campaign.CampaignId, campaign.AudienceId);
        return TypedResults.Created($"/api/v1/campaigns/{campaign.CampaignId}", new CampaignCreated(campaign.CampaignId));
    }

    private static TimeSpan? ParseDuration(string value)
    {
        if (TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var span)) return span;
        if (value.StartsWith('P'))
        {
            try
            {
                return XmlConvert.ToTimeSpan(value);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    private static async Task<Results<Ok<CampaignView>, NotFound>> GetAsync(Guid campaignId, NotifierDb db, CampaignSettings settings,
        TimeProvider time, CancellationToken ct) =>
        await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.CampaignId == campaignId, ct) is { } campaign
            ? TypedResults.Ok(await ViewAsync(db, campaign, settings, time, ct))
            : TypedResults.NotFound();

    private static async Task<Ok<CampaignList>> ListAsync(NotifierDb db, CampaignSettings settings, TimeProvider time, CancellationToken ct)
    {
        var views = new List<CampaignView>();
        foreach (var campaign in await db.Campaigns.AsNoTracking().OrderByDescending(c => c.CreatedAtMs).Take(200).ToListAsync(ct))
            views.Add(await ViewAsync(db, campaign, settings, time, ct));
        return TypedResults.Ok(new CampaignList([.. views]));
    }

    private static async Task<Results<Ok<CampaignView>, NotFound, ProblemHttpResult>> TransitionAsync(Guid campaignId, string action, NotifierDb db,
        CampaignSettings settings, TimeProvider time, CancellationToken ct)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var campaigns = db.Campaigns.Where(c => c.CampaignId == campaignId);
        var changed = action switch
        {
            "pause" => await campaigns.Where(c => c.Status == Campaign.Scheduled || c.Status == Campaign.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Paused).SetProperty(c => c.StatusReason, (string?)null)
                    .SetProperty(c => c.UpdatedAtMs, nowMs), ct),
            "resume" => await campaigns.Where(c => c.Status == Campaign.Paused)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, c => c.CurrentRound == 0 ? Campaign.Scheduled : Campaign.Running)
                    .SetProperty(c => c.StatusReason, (string?)null).SetProperty(c => c.UpdatedAtMs, nowMs), ct),
            _ => await campaigns.Where(c => c.Status != Campaign.Done && c.Status != Campaign.Cancelled)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Cancelled).SetProperty(c => c.UpdatedAtMs, nowMs), ct),
        };
        if (await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.CampaignId == campaignId, ct) is not { } campaign) return TypedResults.NotFound();
        if (changed == 0)
            return Problem.Status(StatusCodes.Status409Conflict, "Impossible transition", $"A {campaign.Status} campaign cannot {action}.");
        return TypedResults.Ok(await ViewAsync(db, campaign, settings, time, ct));
    }

    /// <summary>The campaign with its rounds' counts (one GROUP BY), spend and estimated cost.</summary>
    public static async Task<CampaignView> ViewAsync(NotifierDb db, Campaign campaign, CampaignSettings settings, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minuteAgo = now.ToUnixTimeMilliseconds() - 60_000;
        var rounds = await db.CampaignRounds.AsNoTracking().Where(r => r.CampaignId == campaign.CampaignId).OrderBy(r => r.Round).ToListAsync(ct);
        var counts = await db.CampaignWork.AsNoTracking().Where(w => w.CampaignId == campaign.CampaignId)
            .GroupBy(w => new { w.Round, w.Status, w.Reason, w.Channel })
            .Select(g => new { g.Key.Round, g.Key.Status, g.Key.Reason, g.Key.Channel, Count = g.Count(), Parts = g.Sum(w => (long)w.SmsParts) })
            .ToListAsync(ct);
        var accepted = new[] { CampaignWork.Sent, CampaignWork.Delivered, CampaignWork.Undelivered };
        var views = new List<RoundView>();
        foreach (var round in rounds)
        {
            var of = counts.Where(c => c.Round == round.Round).ToList();
            int Count(params string[] statuses) => of.Where(c => statuses.Contains(c.Status)).Sum(c => c.Count);
            var remaining = Count(CampaignWork.Pending, CampaignWork.Queued);
            DateTimeOffset? estimatedFinish = null;
            if (round.Status == CampaignRound.Sending && remaining > 0)
            {
                var lastMinute = await db.CampaignWork.CountAsync(w => w.CampaignId == campaign.CampaignId && w.Round == round.Round
                    && (w.Status == CampaignWork.Sent || w.Status == CampaignWork.Delivered || w.Status == CampaignWork.Undelivered) && w.SentAtMs >= minuteAgo, ct);
                if (lastMinute > 0) estimatedFinish = now.AddSeconds(remaining * 60.0 / lastMinute);
            }
            views.Add(new RoundView(round.Round, round.Status, DateTimeOffset.FromUnixTimeMilliseconds(round.DueAtMs), round.Planned,
                Count(CampaignWork.Pending), Count(CampaignWork.Queued), Count(accepted), Count(CampaignWork.Delivered), Count(CampaignWork.Undelivered),
                Count(CampaignWork.Failed),
                of.Where(c => c.Status == CampaignWork.Suppressed).GroupBy(c => c.Reason ?? "unknown").ToDictionary(g => g.Key, g => g.Sum(c => c.Count)),
                estimatedFinish));
        }

        var sent = counts.Where(c => accepted.Contains(c.Status)).ToList();
        var smsParts = sent.Sum(c => c.Parts);
        var zaloSent = sent.Where(c => c.Channel == Channels.Zalo).Sum(c => c.Count);
        var spent = smsParts * settings.SmsPartCost + zaloSent * settings.ZaloMessageCost;
        var channels = campaign.Channels.Split(',');
        var sentCount = sent.Sum(c => c.Count);
        var perMessage = sentCount > 0 ? spent / sentCount
            : channels.Contains(Channels.Zalo) ? settings.ZaloMessageCost : channels.Contains(Channels.Sms) ? settings.SmsPartCost : 0m;
        var remainingMessages = counts.Where(c => c.Status is CampaignWork.Pending or CampaignWork.Queued).Sum(c => c.Count);
        return new CampaignView(campaign.CampaignId, campaign.Name, campaign.AudienceId, campaign.ProvinceCode, channels, campaign.Status,
            campaign.StatusReason, DateTimeOffset.FromUnixTimeMilliseconds(campaign.StartAtMs),
            campaign.RepeatEveryMs is { } every ? TimeSpan.FromMilliseconds(every) : null, campaign.MaxRounds,
            campaign.EndAtMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null, campaign.MaxSmsPartsPerDay, [.. views], smsParts,
            decimal.Round(spent + remainingMessages * perMessage, 2), settings.Currency, CampaignTexts.View(campaign.Texts));
    }

    /// <summary>Streams the recipients row by row (flat memory), each field CSV- and formula-escaped; the phone masked.</summary>
    private static async Task<IResult> RecipientsAsync(Guid campaignId, int? round, HttpContext http, NotifierDb db, FieldCipher cipher, CancellationToken ct)
    {
        if (await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.CampaignId == campaignId, ct) is not { } campaign) return TypedResults.NotFound();
        var rows =
            from w in db.CampaignWork.AsNoTracking()
            where w.CampaignId == campaignId && (round == null || w.Round == round)
            join m in db.AudienceMembers.AsNoTracking().Where(m => m.AudienceId == campaign.AudienceId) on w.PersonKey equals m.PersonKey
            orderby w.Round, w.Seq
            select new { w.Round, m.Phone, m.Name, m.Language, w.Status, w.Reason, w.Channel, w.SentAtMs };

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{campaignId}-recipients.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(CsvField.Row("round", "phone", "name", "language", "status", "reason", "channel", "sentAt"));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            await writer.WriteAsync(CsvField.Row(row.Round.ToString(CultureInfo.InvariantCulture), PhoneNumber.Redact(cipher.Unprotect(row.Phone)),
                cipher.Unprotect(row.Name), row.Language, row.Status, row.Reason, row.Channel,
                row.SentAtMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : null));
        }
        await writer.FlushAsync(ct);
        return Results.Empty;
    }
}
