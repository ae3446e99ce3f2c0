using System.IO.Compression;
using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Geofence.Fences;

/// <summary>Reads one ESRI shapefile (.shp, .dbf, .prj and optional .cpg) from a zip archive into fences.</summary>
internal static class ShapefileZipReader
{
    public static FenceImportResult Read(byte[] zip, FenceImportOptions options)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            return FenceImportResult.Failure($"not a zip archive: {e.Message}");
        }

        using (archive)
        {
            if (ShapefileParts.Find(archive, out var problem) is not { } parts)
            {
                return FenceImportResult.Failure(problem);
            }
            var budget = new UnzipBudget(options.MaxBytes);
            byte[] shp, dbf, prj;
            byte[]? cpg;
            try
            {
                shp = budget.Read(parts.Shp);
                dbf = budget.Read(parts.Dbf);
                prj = budget.Read(parts.Prj);
                cpg = parts.Cpg is null ? null : budget.Read(parts.Cpg);
            }
            catch (InvalidDataException e)
            {
                return FenceImportResult.Failure(e.Message);
            }

            if ((ShapefileStructure.CheckShp(shp, options) ?? ShapefileStructure.CheckDbf(dbf, options)) is { } refused)
            {
                return refused;
            }
            if (PrjProblem(prj) is { } prjProblem)
            {
                return FenceImportResult.Failure(prjProblem);
            }
            var crs = PrjCoordinateSystem.Recognize(Encoding.UTF8.GetString(prj), out var crsProblem);
            if (crs is null)
            {
                return FenceImportResult.Failure(crsProblem);
            }
            Encoding? encoding = null;
            if (cpg is not null && !CodePage.TryParse(Encoding.ASCII.GetString(cpg), out encoding))
            {
                return FenceImportResult.Failure($"the .cpg names an unknown text encoding '{Encoding.ASCII.GetString(cpg).Trim()}'");
            }
            return ReadFeatures(shp, dbf, crs, encoding, options);
        }
    }

    // A .prj is one WKT of about a kilobyte, nested a handful of levels; the WKT parser recurses on nesting.
    private const int MaxPrjBytes = 64 * 1024;
    private const int MaxPrjNesting = 16;

    private static string? PrjProblem(byte[] prj)
    {
        if (prj.Length > MaxPrjBytes)
        {
            return $"unknown coordinate reference system: the .prj holds {prj.Length} bytes, more than a WKT of at most {MaxPrjBytes}";
        }
        var depth = 0;
        foreach (var b in prj)
        {
            depth += b is (byte)'[' or (byte)'(' ? 1 : b is (byte)']' or (byte)')' ? -1 : 0;
            if (depth > MaxPrjNesting)
            {
                return $"unknown coordinate reference system: the .prj nests deeper than {MaxPrjNesting} levels";
            }
        }
        return null;
    }

    private static FenceImportResult ReadFeatures(byte[] shp, byte[] dbf, PrjCoordinateSystem crs, Encoding? encoding, FenceImportOptions options)
    {
        var readerOptions = new ShapefileReaderOptions
        {
            Encoding = encoding,
            // Keep invalid shapes so that the import can report them with a reason instead of dropping them.
            GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes,
        };
        ShapefileReader reader;
        try
        {
            reader = Shapefile.OpenRead(new MemoryStream(shp, writable: false), new MemoryStream(dbf, writable: false), readerOptions);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return FenceImportResult.Failure($"not a readable shapefile: {e.Message}");
        }

        using (reader)
        {
            var batch = new ImportBatch(options);
            for (var index = 0; ; index++)
            {
                bool deleted;
                Feature feature;
                try
                {
                    if (!reader.Read(out deleted, out feature))
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The record structure is broken; nothing after it can be trusted.
                    batch.AddError(index, null, $"unreadable record: {e.Message}");
                    break;
                }
                if (!deleted)
                {
                    AddFeature(batch, index, feature, crs);
                }
            }
            return batch.Finish();
        }
    }

    private static void AddFeature(ImportBatch batch, int index, Feature feature, PrjCoordinateSystem crs)
    {
        var properties = new ShapefileFeatureProperties(feature.Attributes);
        if (feature.Geometry is not { IsEmpty: false } geometry)
        {
            batch.AddFeature(index, properties, geometry: null);
            return;
        }
        // The shapefile reader returns every polygon as a MultiPolygon; keep single parts simple.
        if (geometry is MultiPolygon { NumGeometries: 1 } single)
        {
            geometry = single.GetGeometryN(0);
        }
        try
        {
            batch.AddFeature(index, properties, crs.ToWgs84(geometry));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            batch.AddFeature(index, properties, geometry: null, $"cannot convert from {crs.Name} to WGS 84: {e.Message}");
        }
    }
}
