using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Geofence.ServiceDefaults.Tests;

public sealed class ApiKeyTests
{
    [Fact]
    public void Production_refuses_to_start_without_the_admin_key()
    {
        var empty = new ConfigurationBuilder().Build();
        var production = new HostingEnvironment { EnvironmentName = Environments.Production };

        Assert.Contains("Auth__BootstrapAdminKey", Assert.Throws<InvalidOperationException>(() => AdminKey.FromConfiguration(empty, production)).Message);
    }

    [Fact]
    public void Development_makes_up_an_admin_key_when_none_is_configured()
    {
        var development = new HostingEnvironment { EnvironmentName = Environments.Development };

        var key = AdminKey.FromConfiguration(new ConfigurationBuilder().Build(), development);

        Assert.False(key.Matches(ApiKey.Hash("")));
    }

    [Fact]
    public void An_admin_key_matches_only_itself()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:BootstrapAdminKey"] = "a-long-enough-admin-key-for-production" }).Build();

        var key = AdminKey.FromConfiguration(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });

        Assert.True(key.Matches(ApiKey.Hash("a-long-enough-admin-key-for-production")));
        Assert.False(key.Matches(ApiKey.Hash("a-long-enough-admin-key-for-productiom")));
    }

    [Fact]
    public void Issued_api_keys_are_unique_random_and_stored_only_as_a_hash()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKey.New("gfhotel")).ToArray();

        Assert.Equal(100, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("gfhotel_", k));
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", ApiKey.Hash(k)));
    }

    [Fact]
    public void The_development_admin_key_is_kept_across_restarts_in_the_data_folder_readable_only_by_its_owner()
    {
        var root = Directory.CreateTempSubdirectory("geofence-admin-key-").FullName;
        var development = new HostingEnvironment { EnvironmentName = Environments.Development, ContentRootPath = root };
        try
        {
            AdminKey.FromConfiguration(new ConfigurationBuilder().Build(), development);
            var kept = File.ReadAllText(Path.Combine(root, AdminKey.DevelopmentKeyFile));
            var afterRestart = AdminKey.FromConfiguration(new ConfigurationBuilder().Build(), development);

            Assert.StartsWith("gfadmin_", kept);
            Assert.True(afterRestart.Matches(ApiKey.Hash(kept)));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, AdminKey.DevelopmentKeyFile)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
