using System.Collections.ObjectModel;
using System.Text;

namespace Geofence.Fences;

/// <summary>
/// Names and codes of Vietnam's provinces before (63) and after (34) the 2025 reorganisation, and which
/// old province went into which new one. Immutable and thread-safe.
/// </summary>
public sealed class ProvinceCatalogue
{
    private static readonly Lazy<ProvinceCatalogue> BuiltInCatalogue = new(() =>
    {
        using var provinces63 = GeoDataFiles.OpenEmbedded(GeoDataFiles.Provinces63);
        using var provinces34 = GeoDataFiles.OpenEmbedded(GeoDataFiles.Provinces34);
        using var merge = GeoDataFiles.OpenEmbedded(GeoDataFiles.ProvinceMerge);
        return Load(provinces63, provinces34, merge);
    });

    private ProvinceCatalogue(
        IReadOnlyDictionary<string, Province> provinces63,
        IReadOnlyDictionary<string, Province> provinces34,
        IReadOnlyDictionary<string, string> mergedInto)
    {
        Provinces63 = provinces63;
        Provinces34 = provinces34;
        MergedInto = mergedInto;
    }

    /// <summary>The catalogue shipped in <c>geo-data/</c> and embedded in this assembly.</summary>
    public static ProvinceCatalogue BuiltIn => BuiltInCatalogue.Value;

    /// <summary>The 63 units in force until 2025-07-01, by GSO code.</summary>
    public IReadOnlyDictionary<string, Province> Provinces63 { get; }

    /// <summary>The 34 units in force from 2025-07-01, by GSO code.</summary>
    public IReadOnlyDictionary<string, Province> Provinces34 { get; }

    /// <summary>Old (63-set) code → the new (34-set) code of the unit it became part of.</summary>
    public IReadOnlyDictionary<string, string> MergedInto { get; }

    /// <summary>The set in force at <paramref name="at"/>.</summary>
    public IReadOnlyDictionary<string, Province> ProvincesAt(DateTimeOffset at) =>
        ProvinceReorganisation2025.Before.Contains(at) ? Provinces63 : Provinces34;

    /// <summary>Reads the catalogue from a <c>geo-data</c> folder.</summary>
    /// <exception cref="InvalidDataException">A file is malformed or the files contradict each other.</exception>
    public static ProvinceCatalogue Load(string geoDataDirectory)
    {
        using var provinces63 = GeoDataFiles.OpenFile(geoDataDirectory, GeoDataFiles.Provinces63);
        using var provinces34 = GeoDataFiles.OpenFile(geoDataDirectory, GeoDataFiles.Provinces34);
        using var merge = GeoDataFiles.OpenFile(geoDataDirectory, GeoDataFiles.ProvinceMerge);
        return Load(provinces63, provinces34, merge);
    }

    /// <summary>Reads the catalogue from the three CSV files.</summary>
    /// <exception cref="InvalidDataException">A file is malformed or the files contradict each other.</exception>
    public static ProvinceCatalogue Load(TextReader provinces63Csv, TextReader provinces34Csv, TextReader mergeCsv)
    {
        var provinces63 = ReadProvinces(CsvTable.Parse(provinces63Csv, GeoDataFiles.Provinces63, "code", "name_vi", "name_ascii", "type", "iso_3166_2"));
        var provinces34 = ReadProvinces(CsvTable.Parse(provinces34Csv, GeoDataFiles.Provinces34, "code", "name_vi", "name_ascii", "type"));
        var merge = CsvTable.Parse(mergeCsv, GeoDataFiles.ProvinceMerge, "old_code", "new_code");

        var mergedInto = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in merge.Rows)
        {
            var oldCode = row.Required("old_code");
            var newCode = row.Required("new_code");
            if (!provinces63.ContainsKey(oldCode) || !provinces34.ContainsKey(newCode))
            {
                throw row.Error($"{oldCode} → {newCode} names a code missing from the province lists");
            }
            if (!mergedInto.TryAdd(oldCode, newCode))
            {
                throw row.Error($"old code {oldCode} appears twice");
            }
        }
        var unmapped = provinces63.Keys.Where(code => !mergedInto.ContainsKey(code)).ToArray();
        var unreached = provinces34.Keys.Where(code => !mergedInto.ContainsValue(code)).ToArray();
        if (unmapped.Length > 0 || unreached.Length > 0)
        {
            throw new InvalidDataException($"{GeoDataFiles.ProvinceMerge}: old codes without a new code [{string.Join(", ", unmapped)}], new codes no old code maps to [{string.Join(", ", unreached)}]");
        }
        return new ProvinceCatalogue(provinces63, provinces34, new ReadOnlyDictionary<string, string>(mergedInto));
    }

    private static ReadOnlyDictionary<string, Province> ReadProvinces(CsvTable table)
    {
        var provinces = new Dictionary<string, Province>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var code = row.Required("code");
            var type = row.Required("type") switch
            {
                "province" => ProvinceType.Province,
                "municipality" => ProvinceType.Municipality,
                var other => throw row.Error($"unknown type '{other}'"),
            };
            var nameVi = row.Required("name_vi").Normalize(NormalizationForm.FormC);
            var fullNameVi = table.Header.Contains("full_name_vi") ? row.Optional("full_name_vi") : null;
            var province = new Province(
                code,
                nameVi,
                row.Required("name_ascii"),
                fullNameVi?.Normalize(NormalizationForm.FormC) ?? nameVi,
                type,
                table.Header.Contains("iso_3166_2") ? row.Optional("iso_3166_2") : null);
            if (!provinces.TryAdd(code, province))
            {
                throw row.Error($"code {code} appears twice");
            }
        }
        return new ReadOnlyDictionary<string, Province>(provinces);
    }
}
