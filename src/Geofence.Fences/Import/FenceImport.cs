namespace Geofence.Fences;

/// <summary>
/// Imports fences from the formats boundary data is published in. Every import is all or nothing:
/// a file with any invalid feature imports no fence, and the result lists every problem found.
/// </summary>
public static class FenceImport
{
    /// <summary>
    /// Imports an RFC 7946 GeoJSON FeatureCollection (WGS84 longitude/latitude).
    /// </summary>
    /// <param name="utf8GeoJson">The file; read to the end but never beyond <see cref="FenceImportOptions.MaxBytes"/>.</param>
    /// <param name="options">What the file holds and which properties carry code and name.</param>
    /// <param name="cancellationToken">Cancels reading the stream.</param>
    /// <exception cref="ArgumentException">The options are unusable (e.g. points of entry without a type).</exception>
    public static async Task<FenceImportResult> FromGeoJsonAsync(Stream utf8GeoJson, FenceImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8GeoJson);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureUsable();
        var content = await BoundedRead.ReadAsync(utf8GeoJson, options.MaxBytes, cancellationToken).ConfigureAwait(false);
        return content is null
            ? TooLarge(options)
            : GeoJsonFenceReader.Read(content, options);
    }

    /// <summary>
    /// Imports a zip archive holding one ESRI shapefile with its .dbf and .prj (and optionally .cpg).
    /// Coordinates in WGS 84, VN-2000 / UTM zone 48N or 49N, or a VN-2000 TM-3 grid are converted to WGS84
    /// longitude/latitude; any other coordinate reference system is rejected.
    /// </summary>
    /// <param name="zip">The archive; it and its unzipped content must each stay within <see cref="FenceImportOptions.MaxBytes"/>.</param>
    /// <param name="options">What the file holds and which DBF fields carry code and name.</param>
    /// <param name="cancellationToken">Cancels reading the stream.</param>
    /// <exception cref="ArgumentException">The options are unusable.</exception>
    public static async Task<FenceImportResult> FromShapefileZipAsync(Stream zip, FenceImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureUsable();
        var content = await BoundedRead.ReadAsync(zip, options.MaxBytes, cancellationToken).ConfigureAwait(false);
        return content is null
            ? TooLarge(options)
            : ShapefileZipReader.Read(content, options);
    }

    private static FenceImportResult TooLarge(FenceImportOptions options) =>
        FenceImportResult.OverLimit(nameof(FenceImportOptions.MaxBytes), $"the file is larger than the limit of {options.MaxBytes} bytes (MaxBytes)");
}
