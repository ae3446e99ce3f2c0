using Geofence.Fences.Tests.Support;

namespace Geofence.Fences.Tests.RealBoundaries;

/// <summary>
/// The real 63- and 34-province boundaries from the shared geo-data folder (never copied into the repository),
/// imported once per test run and shared read-only: snapshots are immutable and thread-safe by contract.
/// </summary>
internal static class RealProvinceBoundaries
{
    public const string Provinces63File = "vn-provinces-63.geojson";
    public const string Provinces34File = "vn-provinces-34-2025.geojson";

    private static readonly Lazy<Task<FenceImportResult>> Import63 = new(() => ImportAsync(Provinces63File, ProvinceReorganisation2025.Before));
    private static readonly Lazy<Task<FenceImportResult>> Import34 = new(() => ImportAsync(Provinces34File, ProvinceReorganisation2025.From));
    private static readonly Lazy<Task<FenceSnapshot>> BothSets = new(async () =>
        new FenceSnapshot([.. (await Import63.Value).Fences, .. (await Import34.Value).Fences]));

    /// <summary>The 63-province import (valid until 2025-07-01), or skips the test when the data is absent.</summary>
    public static Task<FenceImportResult> Provinces63OrSkip()
    {
        GeoDataLocation.SharedFileOrSkip(Provinces63File);
        return Import63.Value;
    }

    /// <summary>The 34-province import (valid from 2025-07-01), or skips the test when the data is absent.</summary>
    public static Task<FenceImportResult> Provinces34OrSkip()
    {
        GeoDataLocation.SharedFileOrSkip(Provinces34File);
        return Import34.Value;
    }

    /// <summary>Both sets with their validity periods, default 2 km coastal tolerance.</summary>
    public static Task<FenceSnapshot> BothSetsOrSkip()
    {
        GeoDataLocation.SharedFileOrSkip(Provinces63File);
        GeoDataLocation.SharedFileOrSkip(Provinces34File);
        return BothSets.Value;
    }

    public static readonly DateTimeOffset Before = ProvinceReorganisation2025.EffectiveAt.AddDays(-30);
    public static readonly DateTimeOffset After = ProvinceReorganisation2025.EffectiveAt.AddDays(30);

    private static async Task<FenceImportResult> ImportAsync(string fileName, ValidityPeriod validity)
    {
        await using var file = File.OpenRead(Path.Combine(GeoDataLocation.SharedGeoData, fileName));
        return await FenceImport.FromGeoJsonAsync(file, new FenceImportOptions
        {
            Kind = FenceKind.Province,
            CodeProperty = "code",
            NameProperty = "name_vi",
            ValidFrom = validity.From,
            ValidTo = validity.To,
        });
    }
}
