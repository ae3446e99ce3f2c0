using Geofence.Channels.Zalo;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Geofence.Dispatcher.Providers;

/// <summary>The Zalo token pair the Dispatcher uses now: one row, both tokens written in one statement.</summary>
public sealed class ZaloTokenRow
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;
    /// <summary>Encrypted with <c>FieldCipher</c>, like <see cref="RefreshToken"/>; lengths are set in <see cref="DispatcherDb"/>.</summary>
    public required string AccessToken { get; set; }
    public required string RefreshToken { get; set; }
    /// <summary>Optimistic concurrency: a save that raced another replica's fails instead of overwriting a newer pair.</summary>
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// Keeps the current Zalo token pair in the Dispatcher's database, so that a refreshed pair survives a restart and is
/// shared by replicas: Zalo's refresh token works once, and the configured one is spent after the first refresh.
/// Until the first refresh the configured pair is used.
/// </summary>
public sealed class DatabaseZaloTokenStore(IServiceScopeFactory scopes, IOptions<ZaloOptions> options, FieldCipher cipher, TimeProvider time)
    : IZaloTokenStore
{
    public async ValueTask<ZaloTokens> GetAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatcherDb>();
        var row = await db.ZaloTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ZaloTokenRow.SingleId, cancellationToken);
        return row is null ? new ZaloTokens(options.Value.AccessToken, options.Value.RefreshToken) : new ZaloTokens(cipher.Unprotect(row.AccessToken)!, cipher.Unprotect(row.RefreshToken)!);
    }

    public async ValueTask SaveAsync(ZaloTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatcherDb>();
        var row = await db.ZaloTokens.FirstOrDefaultAsync(t => t.Id == ZaloTokenRow.SingleId, cancellationToken);
        var (access, refresh) = (cipher.Protect(tokens.AccessToken)!, cipher.Protect(tokens.RefreshToken)!);
        if (row is null)
            db.ZaloTokens.Add(new ZaloTokenRow { AccessToken = access, RefreshToken = refresh, Version = 1, UpdatedAt = time.GetUtcNow().UtcDateTime });
        else
            (row.AccessToken, row.RefreshToken, row.Version, row.UpdatedAt) = (access, refresh, row.Version + 1, time.GetUtcNow().UtcDateTime);
        // Both tokens go in one UPDATE (or INSERT) guarded by the version read above.
        await db.SaveChangesAsync(cancellationToken);
    }
}
