using System.ComponentModel.DataAnnotations;
using Geofence.Channels.Zalo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Geofence.Dispatcher.Providers;

/// <summary>The Zalo token pair the Dispatcher uses now: one row, both tokens written in one statement.</summary>
public sealed class ZaloTokenRow
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;
    [MaxLength(2000)] public required string AccessToken { get; set; }
    [MaxLength(2000)] public required string RefreshToken { get; set; }
    /// <summary>Optimistic concurrency: a save that raced another replica's fails instead of overwriting a newer pair.</summary>
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// Keeps the current Zalo token pair in the Dispatcher's database, so that a refreshed pair survives a restart and is
/// shared by replicas: Zalo's refresh token works once, and the configured one is spent after the first refresh.
/// Until the first refresh the configured pair is used.
/// </summary>
public sealed class DatabaseZaloTokenStore(IServiceScopeFactory scopes, IOptions<ZaloOptions> options, TimeProvider time) : IZaloTokenStore
{
    public async ValueTask<ZaloTokens> GetAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatcherDb>();
        var row = await db.ZaloTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ZaloTokenRow.SingleId, cancellationToken);
        return row is null ? new ZaloTokens(options.Value.AccessToken, options.Value.RefreshToken) : new ZaloTokens(row.AccessToken, row.RefreshToken);
    }

    public async ValueTask SaveAsync(ZaloTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatcherDb>();
        var row = await db.ZaloTokens.FirstOrDefaultAsync(t => t.Id == ZaloTokenRow.SingleId, cancellationToken);
        if (row is null)
            db.ZaloTokens.Add(new ZaloTokenRow { AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken, Version = 1, UpdatedAt = time.GetUtcNow().UtcDateTime });
        else
            (row.AccessToken, row.RefreshToken, row.Version, row.UpdatedAt) = (tokens.AccessToken, tokens.RefreshToken, row.Version + 1, time.GetUtcNow().UtcDateTime);
        // Both tokens go in one UPDATE (or INSERT) guarded by the version read above.
        await db.SaveChangesAsync(cancellationToken);
    }
}
