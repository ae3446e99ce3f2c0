using System.Security.Cryptography;
using System.Text;
using Geofence.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Geofence.Privacy;

/// <summary>
/// A keyed hash (HMAC-SHA256) of a person's E.164 number: ledgers and reports are keyed on it so that they need
/// not keep the number itself. The key (<c>Privacy:PhoneHashKey</c>) must stay the same across restarts and
/// services, or the one-message-per-visit ledger forgets who was told.
/// </summary>
public sealed class PersonKeys
{
    private const string DevelopmentKey = "development-only-phone-hash-key-do-not-use-in-production";
    private readonly byte[] key;

    public PersonKeys(string key) => this.key = Encoding.UTF8.GetBytes(key);

    public string ForPhone(string e164) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(e164)));

    /// <summary>The key of a phone number typed in any format (a query, a staff request); false when it is no number.</summary>
    public bool TryForPhone(string input, out string personKey)
    {
        personKey = PhoneNumber.TryNormalize(input, out var e164) ? ForPhone(e164) : "";
        return personKey.Length > 0;
    }

    /// <summary>For a device known by no phone number: "{feedId}/{deviceId}", kept apart from numbers by a prefix.</summary>
    public string ForDevice(string deviceKey) => ForPhone($"device:{deviceKey}");

    public static PersonKeys FromConfiguration(IConfiguration configuration, IHostEnvironment environment) =>
        new(SecretFrom(configuration, environment));

    /// <summary><c>Privacy:PhoneHashKey</c>, required outside Development.</summary>
    internal static string SecretFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration["Privacy:PhoneHashKey"];
        if (!string.IsNullOrWhiteSpace(key))
        {
            // Anyone can read the development key in the source, and with it turn every person key back into a number.
            if (environment.IsProduction() && key == DevelopmentKey)
                throw new StartupRefusedException(
                    "Privacy__PhoneHashKey is the development key, published with the source. Set a secret of your own before the first start; it must never change afterwards.");
            return key;
        }
        if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                "Privacy__PhoneHashKey is not set. Outside Development a secret key for hashing phone numbers must be configured.");
        return DevelopmentKey;
    }
}
