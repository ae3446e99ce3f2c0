using System.Text;

namespace Geofence.Fences;

/// <summary>Reads the text encoding named in a shapefile's .cpg ("UTF-8", "1258", "CP1258", "ANSI 1258", …).</summary>
internal static class CodePage
{
    static CodePage()
    {
        // Vietnamese DBFs are often in Windows-1258, which .NET knows only once code pages are registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static bool TryParse(string cpg, out Encoding? encoding)
    {
        var name = cpg.Trim();
        foreach (var prefix in new[] { "ANSI", "CP" })
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && int.TryParse(name[prefix.Length..].Trim(), out _))
            {
                name = name[prefix.Length..].Trim();
            }
        }
        try
        {
            encoding = int.TryParse(name, out var number) ? Encoding.GetEncoding(number) : Encoding.GetEncoding(name);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            encoding = null;
            return false;
        }
    }
}
