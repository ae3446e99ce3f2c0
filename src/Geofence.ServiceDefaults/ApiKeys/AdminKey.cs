using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary>
/// The first administrator key (<c>Auth:BootstrapAdminKey</c>). Production refuses to start without one; Development
/// makes one up and prints it once so that a newcomer can use the API straight away.
/// </summary>
public sealed class AdminKey
{
    private readonly string hash;

    private AdminKey(string key) => hash = ApiKey.Hash(key);

    public bool Matches(string presentedKeyHash) => ApiKey.HashesEqual(hash, presentedKeyHash);

    public static AdminKey FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrWhiteSpace(key))
        {
            if (key.Length < 16)
                throw new InvalidOperationException("Auth__BootstrapAdminKey must be at least 16 characters long.");
            return new AdminKey(key);
        }
        if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                "Auth__BootstrapAdminKey is not set. Outside Development the first admin API key must be configured.");

        key = ApiKey.New("gfadmin");
        Console.WriteLine($"No Auth__BootstrapAdminKey configured; this run's admin API key (shown once): {key}");
        return new AdminKey(key);
    }
}
