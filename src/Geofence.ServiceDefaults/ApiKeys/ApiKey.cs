using System.Security.Cryptography;
using System.Text;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary>
/// API keys are 256 random bits, shown once and stored only as a SHA-256 hash. A fast hash is enough because the
/// keys are random, not chosen by people.
/// </summary>
public static class ApiKey
{
    public const string Header = "X-Api-Key";

    public static string New(string prefix) =>
        $"{prefix}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
