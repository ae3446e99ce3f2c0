using System.Security.Cryptography;
using System.Text;

namespace Geofence.Fences;

/// <summary>
/// RFC 9562 version-5 (SHA-1, name-based) UUIDs, so that a fence loaded from the shipped catalogue keeps
/// the same id across restarts and machines.
/// </summary>
internal static class NameBasedGuid
{
    /// <summary>Namespace for fences generated from this project's geo-data. Never change it: stored fence ids derive from it.</summary>
    public static readonly Guid GeoDataNamespace = new("6f1d2a4e-4c0b-4f7e-9a57-5b1f0f3c2d71");

#pragma warning disable CA5350 // SHA-1 is what RFC 9562 version 5 specifies; this is an identifier, not security.
    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> input = stackalloc byte[16];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        var hash = SHA1.HashData([.. input, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
#pragma warning restore CA5350
}
