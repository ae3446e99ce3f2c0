using System.Text;

namespace Geofence.Fences;

/// <summary>A small RFC 4180 reader: a header row, commas, double-quoted fields with "" escapes.</summary>
internal sealed class CsvTable
{
    private CsvTable(string source, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
    }

    /// <summary>Where the table came from, for error messages.</summary>
    public string Source { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Parses the whole reader and checks that the header has <paramref name="requiredColumns"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed CSV, a missing column, or a row whose field count differs from the header's.</exception>
    public static CsvTable Parse(TextReader reader, string source, params string[] requiredColumns)
    {
        using var records = ReadRecords(reader, source).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{source}: empty file, expected a header row");
        }
        var header = records.Current.Fields;
        var columns = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"{source}: missing column(s) {string.Join(", ", missing)}");
        }
        var rows = new List<CsvRow>();
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // blank line
            }
            if (fields.Count != header.Count)
            {
                throw new InvalidDataException($"{source} line {line}: {fields.Count} fields, but the header has {header.Count}");
            }
            rows.Add(new CsvRow(source, line, columns, fields));
        }
        return new CsvTable(source, header, rows);
    }

    private static IEnumerable<(int Line, List<string> Fields)> ReadRecords(TextReader reader, string source)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldWasQuoted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                case '"':
                    throw new InvalidDataException($"{source} line {line}: a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    yield return (recordLine, fields);
                    fields = [];
                    field.Clear();
                    fieldWasQuoted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (fieldWasQuoted)
                    {
                        throw new InvalidDataException($"{source} line {line}: text after a closing quote");
                    }
                    field.Append(ch);
                    break;
            }
        }
        if (inQuotes)
        {
            throw new InvalidDataException($"{source} line {recordLine}: a quoted field is not closed");
        }
        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
