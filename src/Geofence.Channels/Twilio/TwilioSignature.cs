using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Geofence.Channels.Twilio;

/// <summary>
/// The <c>X-Twilio-Signature</c> of a status callback: Base64(HMAC-SHA1(AuthToken, full URL + each key+value of the
/// form, keys sorted ordinally)). Verify against the URL exactly as Twilio called it (the public one, behind any proxy).
/// </summary>
public sealed class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";
    private readonly byte[] key;

    public TwilioSignature(string authToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        key = Encoding.UTF8.GetBytes(authToken);
    }

    public string Compute(string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(form);
        var data = new StringBuilder(url);
        // Values of a repeated key are sorted too, as Twilio's own validators do.
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data.ToString())));
    }

    public string Compute(string url, IEnumerable<KeyValuePair<string, StringValues>> form) => Compute(url, Flatten(form));

    /// <summary>
    /// Constant-time check. Twilio signs the URL with or without the port depending on how it was configured, so both
    /// forms are tried, as Twilio's libraries do.
    /// </summary>
    public bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(url)) return false;
        var pairs = form.ToList();
        var given = Encoding.UTF8.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlForms(url))
            valid |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Compute(candidate, pairs)), given);
        return valid;
    }

    public bool IsValid(string url, IEnumerable<KeyValuePair<string, StringValues>> form, string? signature) =>
        IsValid(url, Flatten(form), signature);

    private static IEnumerable<string> UrlForms(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) yield break;
        var withPort = uri.GetComponents(UriComponents.AbsoluteUri | UriComponents.StrongPort, UriFormat.UriEscaped);
        var withoutPort = uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Port, UriFormat.UriEscaped);
        if (withPort != url) yield return withPort;
        if (withoutPort != url) yield return withoutPort;
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(IEnumerable<KeyValuePair<string, StringValues>> form) =>
        form.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")));
}
