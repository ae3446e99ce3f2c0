using System.Buffers.Text;
using System.Text;

namespace Geofence.ServiceDefaults.Paging;

/// <summary>
/// The opaque <c>cursor</c> of the paged lists: the last item's sort key, prefixed by a letter per list so that a
/// cursor from one list is refused by another, in URL-safe base64.
/// </summary>
public static class PageCursor
{
    public static string Encode(char list, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{list}{key}"));

    /// <summary>The key, or null when <paramref name="cursor"/> is not one this list returned.</summary>
    public static string? Decode(char list, string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.Length > 1 && text[0] == list ? text[1..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
