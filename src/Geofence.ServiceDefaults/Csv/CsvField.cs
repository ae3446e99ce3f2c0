using System.Text;

namespace Geofence.ServiceDefaults.Csv;

/// <summary>
/// Writes CSV that is safe to open in a spreadsheet: RFC 4180 quoting (a field with a comma, quote or line break is
/// quoted, its quotes doubled, rows end with CRLF), and formula injection defused: a field starting with
/// <c>= + - @</c>, a tab or a carriage return is prefixed with <c>'</c>, so that Excel or LibreOffice shows it as text
/// instead of running it (<c>=HYPERLINK(…)</c> in a name stays a name).
/// </summary>
public static class CsvField
{
    /// <summary>The field as it is written between commas; null is an empty field.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>One row: the fields escaped, separated by commas, ended by CRLF.</summary>
    public static string Row(params IEnumerable<string?> fields)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first) line.Append(',');
            line.Append(Escape(field));
            first = false;
        }
        return line.Append("\r\n").ToString();
    }
}
