using System.Text.RegularExpressions;

namespace Geofence.Channels.Sending;

/// <summary>Provider error text made safe to store and log: providers quote the number or token they refused.</summary>
internal static partial class ProviderText
{
    private const int MaxLength = 200;

    public static string Scrub(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var scrubbed = LongTokens().Replace(PhoneNumbers().Replace(text, "***"), "***");
        return scrubbed.Length <= MaxLength ? scrubbed : scrubbed[..MaxLength];
    }

    [GeneratedRegex(@"\+?\d[\d \-().]{5,}\d")]
    private static partial Regex PhoneNumbers();

    [GeneratedRegex(@"[A-Za-z0-9_:\-]{32,}")]
    private static partial Regex LongTokens();
}
