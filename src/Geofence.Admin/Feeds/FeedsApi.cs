using System.Text.RegularExpressions;
using Geofence.Admin.Keys;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Feeds;

public static partial class FeedsApi
{
    public sealed record RegisterFeed(string? FeedId, string? Name, string? Kind);
    public sealed record FeedKey(string FeedId, string ApiKey);
    public sealed record FeedView(string FeedId, string Name, string Kind, DateTime RegisteredAt);

    public static RouteGroupBuilder MapFeeds(this RouteGroupBuilder api)
    {
        var feeds = api.MapGroup("/feeds").RequireApiKey(ApiCallerKind.Admin).WithTags("Feeds");
        feeds.MapPost("", Register).Accepts<RegisterFeed>("application/json").ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithName("RegisterFeed")
            .WithSummary("Registers a location feed (app, wifi or telco) and issues its API key (shown only in this answer).");
        feeds.MapGet("", async (AdminDb db, CancellationToken ct) => TypedResults.Ok(await db.Feeds.AsNoTracking()
                .OrderBy(f => f.FeedId).Select(f => new FeedView(f.FeedId, f.Name, f.Kind, f.RegisteredAt)).ToArrayAsync(ct)))
            .WithName("ListFeeds");
        return api;
    }

    private static async Task<Results<Created<FeedKey>, ProblemHttpResult>> Register(
        HttpContext http, AdminDb db, TimeProvider time, IngestConfirmations confirmations)
    {
        var (request, invalid) = await JsonBody.ReadAsync<RegisterFeed>(http, 16 * 1024);
        if (invalid is not null) return invalid;
        var errors = new FieldErrors();
        var feedId = request!.FeedId?.Trim();
        if (string.IsNullOrEmpty(feedId) || !FeedIdPattern().IsMatch(feedId))
            errors.Add("feedId", "is required: letters, digits, '.', '_' and '-' (at most 64).");
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) errors.Add("name", "is required (at most 200 characters).");
        if (request.Kind is not (FeedKinds.App or FeedKinds.Wifi or FeedKinds.Telco)) errors.Add("kind", "must be app, wifi or telco.");
        if (errors.Any) return errors.ToProblem();
        if (await db.Feeds.AnyAsync(f => f.FeedId == feedId, http.RequestAborted))
            return Problem.Status(StatusCodes.Status409Conflict, "Feed exists", $"A feed '{feedId}' is already registered.");

        var now = time.GetUtcNow();
        var key = ApiKey.New("gffeed");
        var feed = new Feed { FeedId = feedId!, Name = name!, Kind = request.Kind!, ApiKeyHash = ApiKey.Hash(key), RegisteredAt = now.UtcDateTime };
        db.Feeds.Add(feed);
        db.IssuedKeys.Add(new IssuedKey
        {
            KeyId = Guid.CreateVersion7(), Kind = ApiKeyKinds.Feed, OwnerId = feed.FeedId, KeyHash = feed.ApiKeyHash,
            CreatedAt = now.UtcDateTime, ChangedAt = now.UtcDateTime,
        });
        db.Outbox.Add(OutboxMessage.For(new FeedRegistered(feed.FeedId, feed.Name, feed.Kind, feed.ApiKeyHash, now), now));
        var confirmed = confirmations.Expect(feed.ApiKeyHash);
        await db.SaveChangesAsync(http.RequestAborted);
        if (await confirmations.WaitAsync(http, feed.ApiKeyHash, confirmed, key, null) is { } notYet) return notYet;
        return TypedResults.Created($"/api/v1/feeds/{Uri.EscapeDataString(feed.FeedId)}", new FeedKey(feed.FeedId, key));
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex FeedIdPattern();
}
