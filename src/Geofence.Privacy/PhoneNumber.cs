using PhoneNumbers;

namespace Geofence.Privacy;

/// <summary>Phone numbers in E.164, parsed with libphonenumber; a number without a country code is read as Vietnamese.</summary>
public static class PhoneNumber
{
    private const string DefaultRegion = "VN";
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return false;
        try
        {
            var number = Util.Parse(input, DefaultRegion);
            if (!Util.IsValidNumber(number)) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public static bool IsVietnamese(string e164) => e164.StartsWith("+84", StringComparison.Ordinal);

    /// <summary>What may appear in a log line: the country code and the last two digits.</summary>
    public static string Redact(string? e164) =>
        e164 is null || e164.Length < 7 ? "***" : $"{e164[..3]}***{e164[^2..]}";
}
