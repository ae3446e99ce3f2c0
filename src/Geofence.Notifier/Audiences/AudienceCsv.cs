using Geofence.Privacy;
using Geofence.ServiceDefaults.Problems;

namespace Geofence.Notifier.Audiences;

/// <summary>A row the list gave: the number in E.164 (in clear, in memory only), the language and the name as given.</summary>
public sealed record AudienceRow(string Phone, string? Language, string? Name);

/// <summary>
/// The columns of an audience list, from its header row <c>phone[,language][,name]</c> (in any order, names trimmed and
/// compared without case), and the check of each row against them.
/// </summary>
public sealed class AudienceCsv
{
    public const int MaxNameLength = 200, MaxLanguageLength = 35;
    private const string Expected = "The first line must be the header row phone[,language][,name].";
    private readonly int phone, language = -1, name = -1, count;

    private AudienceCsv(int phone, int language, int name, int count) => (this.phone, this.language, this.name, this.count) = (phone, language, name, count);

    /// <summary>Reads the header row, the upload's first record: its columns, or why it is none (answered as a 400 naming <c>header</c>).</summary>
    public static async Task<(AudienceCsv? Columns, string? Error)> ReadHeaderAsync(CsvRecordReader reader, CancellationToken ct)
    {
        var cells = new List<string>();
        if (await reader.ReadAsync(ct) is not { Text: { } text } || !CsvRecordReader.TrySplit(text, cells)) return (null, Expected);
        var columns = FromHeader(cells, out var error);
        return (columns, error);
    }

    /// <summary>The columns the header names, or why it is no header (never echoing its text: it may be a row of numbers).</summary>
    public static AudienceCsv? FromHeader(IReadOnlyList<string> cells, out string? error)
    {
        int phone = -1, language = -1, name = -1;
        for (var i = 0; i < cells.Count; i++)
        {
            ref var column = ref phone;
            switch (cells[i].Trim().ToLowerInvariant())
            {
                case "phone": break;
                case "language": column = ref language; break;
                case "name": column = ref name; break;
                default:
                    error = $"{Expected} Column {i + 1} is not phone, language or name.";
                    return null;
            }
            if (column >= 0)
            {
                error = $"{Expected} Column {i + 1} repeats an earlier column.";
                return null;
            }
            column = i;
        }
        if (phone < 0)
        {
            error = $"{Expected} It has no phone column.";
            return null;
        }
        error = null;
        return new AudienceCsv(phone, language, name, cells.Count);
    }

    /// <summary>
    /// Checks one row: a mobile number (national format read as Vietnamese; letters refused), a BCP 47-looking
    /// language, a name of at most <see cref="MaxNameLength"/> characters kept as the text it is. Missing trailing
    /// cells are empty. The reason never repeats the row's values.
    /// </summary>
    public AudienceRow? Check(IReadOnlyList<string> cells, out string? reason)
    {
        reason = null;
        if (cells.Count > count)
        {
            reason = $"has {cells.Count} fields; the header has {count}.";
            return null;
        }
        var rawPhone = Cell(cells, phone).Trim();
        var rawLanguage = Cell(cells, language).Trim();
        var rawName = Cell(cells, name).Trim();
        var check = PhoneNumber.CheckMobile(rawPhone, out var e164);
        if (rawPhone.Length == 0) reason = "phone is missing.";
        else if (check == MobileCheck.HasLetters) reason = "phone has letters in it.";
        else if (check == MobileCheck.Invalid) reason = "phone is not a valid phone number.";
        else if (check == MobileCheck.NotMobile) reason = "phone is not a mobile number (a landline cannot receive SMS or Zalo).";
        else if (rawLanguage.Length > MaxLanguageLength || (rawLanguage.Length > 0 && !RequestFormats.IsLanguageTag(rawLanguage)))
            reason = "language is not a BCP 47 language tag (e.g. vi, en, zh-Hant).";
        else if (rawName.Length > MaxNameLength) reason = $"name is longer than {MaxNameLength} characters.";
        else return new AudienceRow(e164, rawLanguage.Length == 0 ? null : rawLanguage, rawName.Length == 0 ? null : rawName);
        return null;
    }

    private static string Cell(IReadOnlyList<string> cells, int index) => index >= 0 && index < cells.Count ? cells[index] : "";
}
