using System.Globalization;

namespace Geofence.Fences;

/// <summary>One data row of a <see cref="CsvTable"/>, read by column name.</summary>
internal sealed class CsvRow(string source, int lineNumber, IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields)
{
    public int LineNumber { get; } = lineNumber;

    /// <summary>The trimmed value; throws when the column is absent or the value is empty.</summary>
    public string Required(string column) =>
        Optional(column) ?? throw Error($"column {column} is empty");

    /// <summary>The trimmed value, or null when it is empty.</summary>
    public string? Optional(string column)
    {
        if (!columns.TryGetValue(column, out var index))
        {
            throw new InvalidDataException($"{source}: missing column {column}");
        }
        var value = fields[index].Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>An invariant-culture number.</summary>
    public double RequiredNumber(string column)
    {
        var text = Required(column);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error($"column {column} is not a number: '{text}'");
    }

    public InvalidDataException Error(string message) => new($"{source} line {LineNumber}: {message}");
}
