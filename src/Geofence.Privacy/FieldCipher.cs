using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Geofence.Privacy;

/// <summary>
/// Encrypts the few stored values that must be read back in clear (a device's phone number and push token, Zalo's
/// OAuth tokens) with AES-256-GCM, so that a copy of the database or a backup does not give them away. The key is
/// derived (HKDF-SHA256) from <c>Privacy:PhoneHashKey</c>, the one privacy secret every service already has; a value
/// stored before encryption (no prefix) is read as it is.
/// </summary>
public sealed class FieldCipher
{
    private const string Prefix = "enc1:";
    private const int NonceSize = 12, TagSize = 16;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("geofence/field-cipher/v1");
    private readonly byte[] key;

    public FieldCipher(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Purpose);
    }

    public static FieldCipher FromConfiguration(IConfiguration configuration, IHostEnvironment environment) =>
        new(PersonKeys.SecretFrom(configuration, environment));

    /// <summary>The length of the stored form of a value of <paramref name="utf8Bytes"/> bytes (an ASCII token: its length).</summary>
    public static int StoredLength(int utf8Bytes) => Prefix.Length + (NonceSize + utf8Bytes + TagSize + 2) / 3 * 4;

    public string? Protect(string? value)
    {
        if (value is null) return null;
        var plain = Encoding.UTF8.GetBytes(value);
        var sealed_ = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealed_.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealed_.AsSpan(NonceSize, plain.Length), sealed_.AsSpan(NonceSize + plain.Length));
        return Prefix + Convert.ToBase64String(sealed_);
    }

    public string? Unprotect(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal)) return stored;
        var sealed_ = Convert.FromBase64String(stored[Prefix.Length..]);
        if (sealed_.Length < NonceSize + TagSize) throw new CryptographicException("A stored encrypted value is truncated.");
        var plain = new byte[sealed_.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealed_.AsSpan(0, NonceSize), sealed_.AsSpan(NonceSize, plain.Length), sealed_.AsSpan(NonceSize + plain.Length), plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                "A stored encrypted value cannot be decrypted: was Privacy__PhoneHashKey changed? It must never change once in use.", e);
        }
        return Encoding.UTF8.GetString(plain);
    }
}
