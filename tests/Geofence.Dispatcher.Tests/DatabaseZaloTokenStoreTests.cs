using Geofence.Channels.Zalo;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Tests.Support;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Geofence.Dispatcher.Tests;

public sealed class DatabaseZaloTokenStoreTests
{
    private static readonly IOptions<ZaloOptions> Configured = Options.Create(new ZaloOptions { AccessToken = "access-0", RefreshToken = "refresh-0" });

    private static readonly FieldCipher Cipher = new("test-privacy-key");

    private static DatabaseZaloTokenStore Store(DispatcherDatabase database) =>
        new(database.Services.GetRequiredService<IServiceScopeFactory>(), Configured, Cipher, TimeProvider.System);

    [Fact]
    public async Task Until_the_first_refresh_the_configured_pair_is_used()
    {
        await using var database = await DispatcherDatabase.CreateAsync();

        Assert.Equal(new ZaloTokens("access-0", "refresh-0"), await Store(database).GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_refreshed_pair_survives_a_restart_and_replaces_the_configured_one()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        await Store(database).SaveAsync(new ZaloTokens("access-1", "refresh-1"), CancellationToken.None);
        await Store(database).SaveAsync(new ZaloTokens("access-2", "refresh-2"), CancellationToken.None);

        Assert.Equal(new ZaloTokens("access-2", "refresh-2"), await Store(database).GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_save_that_raced_another_replica_fails_instead_of_overwriting_the_newer_pair()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        await Store(database).SaveAsync(new ZaloTokens("access-1", "refresh-1"), CancellationToken.None);
        await using var stale = database.Open();
        var row = await stale.ZaloTokens.SingleAsync();

        await Store(database).SaveAsync(new ZaloTokens("access-2", "refresh-2"), CancellationToken.None);
        (row.AccessToken, row.RefreshToken, row.Version) = ("access-x", "refresh-x", row.Version + 1);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        Assert.Equal(new ZaloTokens("access-2", "refresh-2"), await Store(database).GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_stored_pair_is_encrypted_so_a_copy_of_the_database_does_not_give_the_tokens_away()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        await Store(database).SaveAsync(new ZaloTokens("access-secret-1", "refresh-secret-1"), CancellationToken.None);

        await using var db = database.Open();
        var row = await db.ZaloTokens.AsNoTracking().SingleAsync();
        Assert.DoesNotContain("secret", row.AccessToken + row.RefreshToken);
        Assert.Equal("refresh-secret-1", Cipher.Unprotect(row.RefreshToken));
    }
}
