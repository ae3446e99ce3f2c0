using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary>
/// The first administrator key (<c>Auth:BootstrapAdminKey</c>). Production refuses to start without one; Development
/// makes one up so that a newcomer can use the API straight away, prints it, and keeps it in
/// <c>data/development-admin-key</c> under the content root so that it survives a restart.
/// </summary>
public sealed class AdminKey
{
    public const string DevelopmentKeyFile = "data/development-admin-key";
    public const int ProductionMinimumLength = 32;

    private readonly string hash;

    private AdminKey(string key) => hash = ApiKey.Hash(key);

    public bool Matches(string presentedKeyHash) => ApiKey.HashesEqual(hash, presentedKeyHash);

    public static AdminKey FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrWhiteSpace(key))
        {
            // Production asks for 32 characters (a key worth guessing for); elsewhere 16 keeps short local keys working.
            var shortest = environment.IsProduction() ? ProductionMinimumLength : 16;
            if (key.Length < shortest)
                throw new StartupRefusedException(
                    $"Auth__BootstrapAdminKey must be at least {shortest} characters long{(environment.IsProduction() ? " in Production" : "")}; " +
                    $"it has {key.Length}. Generate one, for example with `openssl rand -base64 32`.");
            return new AdminKey(key);
        }
        if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                "Auth__BootstrapAdminKey is not set. Outside Development the first admin API key must be configured.");
        return new AdminKey(DevelopmentKey(environment.ContentRootPath));
    }

    /// <summary>The key kept from an earlier run, or a new one, kept for the next (readable by this user only).</summary>
    private static string DevelopmentKey(string? contentRoot)
    {
        var file = string.IsNullOrEmpty(contentRoot) ? null : Path.Combine(contentRoot, DevelopmentKeyFile);
        if (file is not null && File.Exists(file) && File.ReadAllText(file).Trim() is { Length: >= 16 } kept)
        {
            Console.WriteLine($"No Auth__BootstrapAdminKey configured; the development admin API key (kept in {file}): {kept}");
            return kept;
        }
        var key = ApiKey.New("gfadmin");
        if (file is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, key);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Console.WriteLine(file is null
            ? $"No Auth__BootstrapAdminKey configured; this run's admin API key (shown once): {key}"
            : $"No Auth__BootstrapAdminKey configured; a new development admin API key, kept in {file} for the next start: {key}");
        return key;
    }
}
