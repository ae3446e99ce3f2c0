using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Geofence.Privacy.Tests;

public sealed class PersonKeysTests
{
    [Fact]
    public void The_same_number_always_gives_the_same_key_and_the_key_does_not_reveal_it()
    {
        var keys = new PersonKeys("secret-one");

        var key = keys.ForPhone("+821012345678");

        Assert.Equal(key, keys.ForPhone("+821012345678"));
        Assert.NotEqual(key, keys.ForPhone("+821012345679"));
        Assert.DoesNotContain("1012345678", key);
        Assert.Equal(64, key.Length);
    }

    [Fact]
    public void Another_secret_gives_unrelated_keys() =>
        Assert.NotEqual(new PersonKeys("secret-one").ForPhone("+84901234567"), new PersonKeys("secret-two").ForPhone("+84901234567"));

    [Fact]
    public void Production_refuses_to_start_without_the_phone_hash_key()
    {
        var empty = new ConfigurationBuilder().Build();
        var production = new HostingEnvironment { EnvironmentName = Environments.Production };

        Assert.Contains("Privacy__PhoneHashKey", Assert.Throws<InvalidOperationException>(() => PersonKeys.FromConfiguration(empty, production)).Message);
    }
}
