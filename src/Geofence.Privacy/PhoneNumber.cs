using PhoneNumbers;

namespace Geofence.Privacy;

/// <summary>Phone numbers in E.164, parsed with libphonenumber; a number without a country code is read as Vietnamese.</summary>
public static class PhoneNumber
{
    private const string DefaultRegion = "VN";
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// A valid number of any type (mobile, landline, premium) in E.164. Letters are refused: libphonenumber would read
    /// them as keypad digits ("+84 90 CALL NOW" → +84902255669, someone else's number).
    /// </summary>
    public static bool TryNormalize(string? input, out string e164)
    {
        var number = HasLetters(input) ? null : ParseValid(input);
        e164 = number is null ? "" : Util.Format(number, PhoneNumberFormat.E164);
        return number is not null;
    }

    /// <summary>
    /// Whether a number can receive SMS and Zalo, and if so its E.164 form: letters are refused (libphonenumber reads
    /// "CALL" as 2255, so "+84 90 CALL NOW" would otherwise become someone's number), and the number must be one
    /// libphonenumber types as mobile (or fixed line or mobile, where a country's plan cannot tell them apart).
    /// </summary>
    public static MobileCheck CheckMobile(string? input, out string e164)
    {
        e164 = "";
        if (HasLetters(input)) return MobileCheck.HasLetters;
        if (ParseValid(input) is not { } number) return MobileCheck.Invalid;
        if (!IsMobile(number)) return MobileCheck.NotMobile;
        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return MobileCheck.Mobile;
    }

    /// <summary>A number that can receive SMS and Zalo, in E.164 (see <see cref="CheckMobile"/>).</summary>
    public static bool TryNormalizeMobile(string? input, out string e164) => CheckMobile(input, out e164) == MobileCheck.Mobile;

    /// <summary>Whether an E.164 number is a mobile one (a landline such as Hà Nội's 024… is not).</summary>
    public static bool IsMobile(string e164) => ParseValid(e164) is { } number && IsMobile(number);

    /// <summary>Whether <paramref name="input"/> holds a letter of any script (a number is digits and separators only).</summary>
    public static bool HasLetters(string? input) => input is not null && input.Any(char.IsLetter);

    private static bool IsMobile(PhoneNumbers.PhoneNumber number) =>
        Util.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;

    private static PhoneNumbers.PhoneNumber? ParseValid(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return null;
        try
        {
            var number = Util.Parse(input, DefaultRegion);
            return Util.IsValidNumber(number) ? number : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    public static bool IsVietnamese(string e164) => e164.StartsWith("+84", StringComparison.Ordinal);

    /// <summary>What may appear in a log line: the country code and the last two digits.</summary>
    public static string Redact(string? e164) =>
        e164 is null || e164.Length < 7 ? "***" : $"{e164[..3]}***{e164[^2..]}";
}

/// <summary>What <see cref="PhoneNumber.CheckMobile"/> found.</summary>
public enum MobileCheck
{
    Mobile,
    HasLetters,
    Invalid,
    NotMobile,
}
