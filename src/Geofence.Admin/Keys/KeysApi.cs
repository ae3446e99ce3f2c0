using Geofence.Contracts;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Keys;

/// <summary>
/// Key rotation and revocation: <c>/hotels/{propertyId}/keys</c>, <c>/feeds/{feedId}/keys</c> and <c>/admin-keys</c>.
/// A key's secret is shown once, in the answer that issues it; lists never show a secret or a hash.
/// </summary>
public static class KeysApi
{
    public sealed record IssuedKeyAnswer(Guid KeyId, string ApiKey, DateTime CreatedAt);
    public sealed record KeyView(Guid KeyId, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? ExpiresAt);
    public sealed record KeyList(IReadOnlyList<KeyView> Items);
    public sealed record NewAdminKey(string? Name);
    public sealed record IssuedAdminKeyAnswer(Guid KeyId, string Name, string ApiKey, DateTime CreatedAt);
    public sealed record AdminKeyView(Guid KeyId, string? Name, DateTime CreatedAt, DateTime? LastUsedAt);
    public sealed record AdminKeyList(IReadOnlyList<AdminKeyView> Items);

    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder api)
    {
        var hotels = api.MapGroup("/hotels/{propertyId}/keys").RequireApiKey(ApiCallerKind.Admin).WithTags("Hotels");
        hotels.MapPost("", (string propertyId, HttpContext http, KeyRing ring, AdminDb db, IngestConfirmations confirmations) =>
                IssueAsync(Hotel(db, propertyId), http, ring, db, confirmations, "gfhotel", $"/api/v1/hotels/{Uri.EscapeDataString(propertyId)}/keys"))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("IssueHotelKey")
            .WithSummary("Issues another key for a hotel (shown only in this answer); its older keys keep working for the grace period (Auth:KeyGracePeriod).");
        hotels.MapGet("", (string propertyId, KeyRing ring, AdminDb db, CancellationToken ct) => ListAsync(Hotel(db, propertyId), ring, ct))
            .WithName("ListHotelKeys").WithSummary("Lists a hotel's working keys (never their secrets).");
        hotels.MapDelete("/{keyId:guid}", (string propertyId, Guid keyId, KeyRing ring, AdminDb db, CancellationToken ct) =>
                RevokeAsync(Hotel(db, propertyId), keyId, ring, db, ct))
            .WithName("RevokeHotelKey").WithSummary("Revokes one of a hotel's keys at once.");

        var feeds = api.MapGroup("/feeds/{feedId}/keys").RequireApiKey(ApiCallerKind.Admin).WithTags("Feeds");
        feeds.MapPost("", (string feedId, HttpContext http, KeyRing ring, AdminDb db, IngestConfirmations confirmations) =>
                IssueAsync(Feed(db, feedId), http, ring, db, confirmations, "gffeed", $"/api/v1/feeds/{Uri.EscapeDataString(feedId)}/keys"))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("IssueFeedKey")
            .WithSummary("Issues another key for a feed (shown only in this answer); its older keys keep working for the grace period (Auth:KeyGracePeriod).");
        feeds.MapGet("", (string feedId, KeyRing ring, AdminDb db, CancellationToken ct) => ListAsync(Feed(db, feedId), ring, ct))
            .WithName("ListFeedKeys").WithSummary("Lists a feed's working keys (never their secrets).");
        feeds.MapDelete("/{keyId:guid}", (string feedId, Guid keyId, KeyRing ring, AdminDb db, CancellationToken ct) =>
                RevokeAsync(Feed(db, feedId), keyId, ring, db, ct))
            .WithName("RevokeFeedKey").WithSummary("Revokes one of a feed's keys at once.");

        var admin = api.MapGroup("/admin-keys").RequireApiKey(ApiCallerKind.Admin).WithTags("Admin keys");
        admin.MapPost("", IssueAdminKeyAsync).Accepts<NewAdminKey>("application/json").WithName("IssueAdminKey")
            .WithSummary("Issues an admin key (shown only in this answer); every service accepts it once it has heard of it.");
        admin.MapGet("", async (KeyRing ring, CancellationToken ct) => TypedResults.Ok(new AdminKeyList(
                [.. (await ring.ActiveAsync(ApiKeyKinds.Admin, null, ct)).Select(k => new AdminKeyView(k.KeyId, k.Name, k.CreatedAt, k.LastUsedAt))])))
            .WithName("ListAdminKeys").WithSummary("Lists the admin keys issued through the API (never their secrets; the bootstrap key is configuration).");
        admin.MapDelete("/{keyId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid keyId, KeyRing ring, AdminDb db, CancellationToken ct) =>
            {
                if (!await ring.RevokeAsync(ApiKeyKinds.Admin, null, keyId, ct)) return NoSuchKey(keyId);
                await db.SaveChangesAsync(ct);
                ring.ApplyAdminKeys(db.IssuedKeys.Local);
                return TypedResults.NoContent();
            })
            .WithName("RevokeAdminKey").WithSummary("Revokes an admin key at once in Admin, and in every other service as soon as it hears of it.");
        return api;
    }

    /// <summary>The owner a key route names: its kind, id and the key it was registered with (null: no such owner).</summary>
    private sealed record Owner(string Kind, string Id, string KeyHash, DateTime IssuedAt);

    private static Task<Owner?> Hotel(AdminDb db, string propertyId) =>
        db.Hotels.AsNoTracking().Where(h => h.PropertyId == propertyId)
            .Select(h => new Owner(ApiKeyKinds.Hotel, h.PropertyId, h.ApiKeyHash, h.KeyIssuedAt)).FirstOrDefaultAsync();

    private static Task<Owner?> Feed(AdminDb db, string feedId) =>
        db.Feeds.AsNoTracking().Where(f => f.FeedId == feedId)
            .Select(f => new Owner(ApiKeyKinds.Feed, f.FeedId, f.ApiKeyHash, f.RegisteredAt)).FirstOrDefaultAsync();

    private static async Task<Results<Created<IssuedKeyAnswer>, ProblemHttpResult>> IssueAsync(
        Task<Owner?> find, HttpContext http, KeyRing ring, AdminDb db, IngestConfirmations confirmations, string prefix, string location)
    {
        var ct = http.RequestAborted;
        if (await find is not { } owner) return NoSuchOwner();
        await ring.TrackAsync(owner.Kind, owner.Id, owner.KeyHash, owner.IssuedAt, ct);
        var key = await ring.IssueAsync(owner.Kind, owner.Id, prefix, null, KeyRing.Previous.Grace, ct);
        var confirmed = confirmations.Expect(key.Row.KeyHash);
        await db.SaveChangesAsync(ct);
        if (await confirmations.WaitAsync(http, key.Row.KeyHash, confirmed, key.Secret, key.Row.KeyId) is { } notYet) return notYet;
        return TypedResults.Created($"{location}/{key.Row.KeyId}", new IssuedKeyAnswer(key.Row.KeyId, key.Secret, key.Row.CreatedAt));
    }

    private static async Task<Results<Ok<KeyList>, ProblemHttpResult>> ListAsync(Task<Owner?> find, KeyRing ring, CancellationToken ct)
    {
        if (await find is not { } owner) return NoSuchOwner();
        await ring.TrackAsync(owner.Kind, owner.Id, owner.KeyHash, owner.IssuedAt, ct);
        return TypedResults.Ok(new KeyList([.. (await ring.ActiveAsync(owner.Kind, owner.Id, ct))
            .Select(k => new KeyView(k.KeyId, k.CreatedAt, k.LastUsedAt, k.ExpiresAt))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Task<Owner?> find, Guid keyId, KeyRing ring, AdminDb db, CancellationToken ct)
    {
        if (await find is not { } owner) return NoSuchOwner();
        await ring.TrackAsync(owner.Kind, owner.Id, owner.KeyHash, owner.IssuedAt, ct);
        if (!await ring.RevokeAsync(owner.Kind, owner.Id, keyId, ct)) return NoSuchKey(keyId);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<IssuedAdminKeyAnswer>, ProblemHttpResult>> IssueAdminKeyAsync(
        HttpContext http, KeyRing ring, AdminDb db)
    {
        var (request, invalid) = await JsonBody.ReadAsync<NewAdminKey>(http, 16 * 1024);
        if (invalid is not null) return invalid;
        var name = request!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            var errors = new FieldErrors();
            errors.Add("name", "is required: who or what uses the key (at most 200 characters).");
            return errors.ToProblem();
        }
        var key = await ring.IssueAsync(ApiKeyKinds.Admin, null, "gfadmin", name, KeyRing.Previous.Keep, http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        ring.ApplyAdminKeys([key.Row]);
        return TypedResults.Created($"/api/v1/admin-keys/{key.Row.KeyId}", new IssuedAdminKeyAnswer(key.Row.KeyId, name, key.Secret, key.Row.CreatedAt));
    }

    private static ProblemHttpResult NoSuchOwner() =>
        Problem.Status(StatusCodes.Status404NotFound, "Not found", "No such hotel or feed is registered.");

    private static ProblemHttpResult NoSuchKey(Guid keyId) =>
        Problem.Status(StatusCodes.Status404NotFound, "No such key", $"No key '{keyId}' belongs here.");
}
