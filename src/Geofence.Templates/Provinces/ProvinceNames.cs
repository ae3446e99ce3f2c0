using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using Geofence.Fences;

namespace Geofence.Templates;

/// <summary>
/// A province's name as a reader of each language expects it: in Vietnamese with its diacritics; in Korean, Chinese
/// (simplified and traditional), Japanese, Thai, Russian, Khmer and Lao in that script (꽝닌 / 广宁 / 廣寧 / クアンニン for
/// Quảng Ninh), from <c>ProvinceNames.csv</c>, which covers the 34 units of <see cref="ProvinceCatalogue.Provinces34"/>
/// and belongs with that catalogue; in every other language in plain Latin letters (Quang Ninh).
/// </summary>
public static class ProvinceNames
{
    /// <summary>The languages with names of their own in the table.</summary>
    public static IReadOnlyList<string> ScriptLanguages { get; } = ["ko", "zh-Hans", "zh-Hant", "ja", "th", "ru", "km", "lo"];

    private static readonly Lazy<FrozenDictionary<(string Language, string Code), string>> Table = new(Load);

    /// <summary>
    /// The name of <paramref name="provinceCode"/> in <paramref name="language"/>. A code of the 63 units before 2025
    /// names that old province (its Vietnamese or plain name); an unknown code is returned as it is.
    /// </summary>
    public static string For(string language, string provinceCode)
    {
        if (Table.Value.TryGetValue((language, provinceCode), out var name)) return name;
        var province = ProvinceCatalogue.BuiltIn.Provinces34.GetValueOrDefault(provinceCode) ?? ProvinceCatalogue.BuiltIn.Provinces63.GetValueOrDefault(provinceCode);
        if (province is null) return provinceCode;
        return language == "vi" ? province.NameVi : province.NameAscii;
    }

    /// <summary>The table as shipped: (language, code) → name, for <see cref="ScriptLanguages"/>.</summary>
    public static IReadOnlyDictionary<(string Language, string Code), string> Scripted => Table.Value;

    private static FrozenDictionary<(string, string), string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Geofence.Templates.ProvinceNames.csv")
            ?? throw new InvalidOperationException("ProvinceNames.csv is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException("ProvinceNames.csv is empty.");
        if (header[0] != "code" || !header.Skip(1).SequenceEqual(ScriptLanguages))
            throw new InvalidDataException($"ProvinceNames.csv: the header must be code,{string.Join(',', ScriptLanguages)}.");
        var names = new Dictionary<(string, string), string>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != header.Length) throw new InvalidDataException($"ProvinceNames.csv line {lineNumber}: {cells.Length} cells, {header.Length} expected.");
            for (var i = 1; i < cells.Length; i++)
            {
                if (cells[i].Length > 0) names[(header[i], cells[0])] = cells[i].Trim().Normalize(NormalizationForm.FormC);
            }
        }
        return names.ToFrozenDictionary();
    }
}
