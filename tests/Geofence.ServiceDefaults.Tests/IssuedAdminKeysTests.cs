using Geofence.ServiceDefaults.ApiKeys;

namespace Geofence.ServiceDefaults.Tests;

public sealed class IssuedAdminKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_issued_key_matches_until_it_is_revoked()
    {
        var keys = new IssuedAdminKeys();
        var id = Guid.NewGuid();
        var hash = ApiKey.Hash(ApiKey.New("gfadmin"));

        keys.Apply(new IssuedAdminKey(id, hash, null, null, Now));
        Assert.True(keys.Matches(hash, Now));

        keys.Apply(new IssuedAdminKey(id, hash, null, Now.AddSeconds(1), Now.AddSeconds(1)));
        Assert.False(keys.Matches(hash, Now.AddSeconds(2)));
    }

    [Fact]
    public void A_late_older_state_does_not_bring_a_revoked_key_back()
    {
        var keys = new IssuedAdminKeys();
        var id = Guid.NewGuid();
        var hash = ApiKey.Hash(ApiKey.New("gfadmin"));

        keys.Apply(new IssuedAdminKey(id, hash, null, Now.AddMinutes(1), Now.AddMinutes(1)));
        keys.Apply(new IssuedAdminKey(id, hash, null, null, Now));

        Assert.False(keys.Matches(hash, Now.AddMinutes(2)));
    }

    [Fact]
    public void An_expired_key_and_an_unknown_key_do_not_match()
    {
        var keys = new IssuedAdminKeys();
        var hash = ApiKey.Hash(ApiKey.New("gfadmin"));
        keys.Apply(new IssuedAdminKey(Guid.NewGuid(), hash, Now.AddMinutes(1), null, Now));

        Assert.True(keys.Matches(hash, Now));
        Assert.False(keys.Matches(hash, Now.AddMinutes(1)));
        Assert.False(keys.Matches(ApiKey.Hash("another"), Now));
    }
}
