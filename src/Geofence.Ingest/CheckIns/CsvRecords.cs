using System.Text;

namespace Geofence.Ingest.CheckIns;

/// <summary>
/// RFC 4180 records with the line each starts on, so that a rejected row can be named as the hotel sees it in a text
/// editor. Quoted fields may hold separators, doubled quotes and line breaks. The separator is the header's: a comma,
/// or a semicolon or tab when the header has no comma (spreadsheets in some locales save so).
/// </summary>
internal sealed class CsvRecords
{
    public sealed record Row(int Line, string[] Fields);

    public List<Row> Rows { get; } = [];

    /// <summary>Why the text is not CSV (an unterminated quote), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads at most <paramref name="maxRows"/> + 1 records: one more than allowed is enough to say "too many".</summary>
    public static CsvRecords Parse(string text, int maxRows)
    {
        var records = new CsvRecords();
        var separator = SeparatorOf(text);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var quoteLine = 0;
        var atFieldStart = true;
        for (var i = 0; i < text.Length && records.Rows.Count <= maxRows; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && atFieldStart)
            {
                (quoted, quoteLine, atFieldStart) = (true, line, false);
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                (field.Length, atFieldStart) = (0, true);
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString());
                records.Rows.Add(new Row(rowLine, [.. fields]));
                fields.Clear();
                (field.Length, atFieldStart) = (0, true);
                rowLine = ++line;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
            }
        }
        if (quoted)
        {
            records.Error = $"line {quoteLine}: a quoted field is never closed.";
            return records;
        }
        if ((field.Length > 0 || fields.Count > 0) && records.Rows.Count <= maxRows)
        {
            fields.Add(field.ToString());
            records.Rows.Add(new Row(rowLine, [.. fields]));
        }
        return records;
    }

    private static char SeparatorOf(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        if (header.Contains(',')) return ',';
        if (header.Contains(';')) return ';';
        return header.Contains('\t') ? '\t' : ',';
    }
}

/// <summary>The guest list's header: which column holds which field, in whatever order the hotel put them.</summary>
internal sealed class CsvHeader
{
    public static readonly string[] Required =
        ["reservationId", "firstName", "lastName", "phone", "nationality", "language", "checkedInAt", "departureDate"];

    private const string DoNotContact = "doNotContact";
    private readonly Dictionary<string, int> columns;
    private readonly int width;

    private CsvHeader(Dictionary<string, int> columns, int width) => (this.columns, this.width) = (columns, width);

    public static (CsvHeader? Header, string? Error) Read(string[] names)
    {
        var known = Required.Append(DoNotContact).ToDictionary(n => n, StringComparer.OrdinalIgnoreCase);
        var columns = new Dictionary<string, int>();
        foreach (var (name, index) in names.Select((n, i) => (n.Trim(), i)))
        {
            // Columns we do not know (a room number, a note) are the hotel's own and are left alone.
            if (!known.TryGetValue(name, out var field)) continue;
            if (!columns.TryAdd(field, index)) return (null, $"the column '{field}' appears twice.");
        }
        var missing = Required.Where(r => !columns.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
            return (null, $"the first line must be the header {string.Join(',', Required)}[,{DoNotContact}]; missing: {string.Join(", ", missing)}.");
        return (new CsvHeader(columns, names.Length), null);
    }

    /// <summary>The row as the JSON check-in a PMS would have sent for the key's property, or why it cannot be one.</summary>
    public (CheckInRequest? Request, string? Error) ToRequest(string[] fields, string propertyId)
    {
        if (fields.Length < width) return (null, $"has {fields.Length} fields where the header has {width}.");
        string? Field(string name) => columns.TryGetValue(name, out var i) && fields[i].Trim() is { Length: > 0 } value ? value : null;
        bool? doNotContact = null;
        if (Field(DoNotContact) is { } flag)
        {
            doNotContact = flag.ToLowerInvariant() switch
            {
                "true" or "yes" or "y" or "1" or "x" => true,
                "false" or "no" or "n" or "0" => false,
                _ => null,
            };
            if (doNotContact is null) return (null, $"{DoNotContact}: must be true or false (or empty).");
        }
        var guest = new GuestRequest(Field("firstName"), Field("lastName"), Field("phone"), null, Field("nationality"), Field("language"), doNotContact);
        return (new CheckInRequest(propertyId, Field("reservationId"), Field("checkedInAt"), Field("departureDate"), guest), null);
    }

    /// <summary>The column a check-in field error is about, as the hotel's header names it.</summary>
    public static string ColumnOf(string field) => field.StartsWith("guest.", StringComparison.Ordinal) ? field["guest.".Length..] : field;
}
