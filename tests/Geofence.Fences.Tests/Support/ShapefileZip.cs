using System.IO.Compression;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;

namespace Geofence.Fences.Tests.Support;

/// <summary>Writes shapefiles into zip archives in memory, the way a data steward would upload them.</summary>
internal static class ShapefileZip
{
    public static byte[] Write(IEnumerable<IFeature> features, string? prj, string stem = "boundary", Action<ZipArchive>? addMore = null)
    {
        using var shp = new MemoryStream();
        using var shx = new MemoryStream();
        using var dbf = new MemoryStream();
        using var prjStream = new MemoryStream();
        Shapefile.WriteAllFeatures(features, shp, shx, dbf, prjStream, prj ?? "", encoding: null);

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, $"{stem}.shp", shp.ToArray());
            Add(archive, $"{stem}.shx", shx.ToArray());
            Add(archive, $"{stem}.dbf", dbf.ToArray());
            if (prj is not null)
            {
                Add(archive, $"{stem}.prj", prjStream.ToArray());
            }
            addMore?.Invoke(archive);
        }
        return zip.ToArray();
    }

    public static void Add(ZipArchive archive, string name, byte[] content)
    {
        using var entry = archive.CreateEntry(name).Open();
        entry.Write(content);
    }

    /// <summary>A copy of a WGS84 lon/lat geometry projected into the CRS described by <paramref name="targetWkt"/>.</summary>
    public static Geometry Project(Geometry wgs84, string targetWkt)
    {
        var target = (CoordinateSystem)CoordinateSystemWktReader.Parse(targetWkt);
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, target).MathTransform;
        var projected = wgs84.Copy();
        projected.Apply(new ProjectionFilter(transform));
        projected.GeometryChanged();
        return projected;
    }

    public static Feature Feature(Geometry geometry, string code, string name) =>
        new(geometry, new AttributesTable { { "MA_TINH", code }, { "TEN_TINH", name } });

    private sealed class ProjectionFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var x = seq.GetX(i);
            var y = seq.GetY(i);
            transform.Transform(ref x, ref y);
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
