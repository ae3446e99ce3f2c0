using System.Globalization;
using System.Text.RegularExpressions;

namespace Geofence.ServiceDefaults.Problems;

/// <summary>The formats the API accepts for times and languages, checked the same way everywhere.</summary>
public static partial class RequestFormats
{
    /// <summary>An ISO 8601 date and time with a UTC offset: a time without one is ambiguous and refused.</summary>
    public static bool TryParseOffsetDateTime(string? value, out DateTimeOffset at)
    {
        at = default;
        return value is not null && OffsetDateTime().IsMatch(value)
               && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }

    public static bool IsLanguageTag(string value) => LanguageTag().IsMatch(value);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetDateTime();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
