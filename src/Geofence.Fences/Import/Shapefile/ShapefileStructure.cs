using System.Buffers.Binary;

namespace Geofence.Fences;

/// <summary>
/// Walks the record structure of a .shp and the header of a .dbf before the shapefile reader sees them, so that a
/// count in a crafted header (2³¹ parts, a billion records) is checked against the bytes actually there and against
/// the import's limits before anything is allocated for it.
/// </summary>
internal static class ShapefileStructure
{
    private const int FileHeaderBytes = 100;
    private const int RecordHeaderBytes = 8;
    private const int FileCode = 9994;

    /// <summary>Why the .shp cannot be read within the limits, or null when every record fits its bytes.</summary>
    public static FenceImportResult? CheckShp(ReadOnlySpan<byte> shp, FenceImportOptions options)
    {
        if (shp.Length < FileHeaderBytes || BinaryPrimitives.ReadInt32BigEndian(shp) != FileCode)
        {
            return FenceImportResult.Failure("not a readable shapefile: the .shp has no shapefile header");
        }
        var claimedLength = 2L * BinaryPrimitives.ReadInt32BigEndian(shp[24..]);
        if (claimedLength > shp.Length)
        {
            return FenceImportResult.Failure($"not a readable shapefile: the .shp header claims {claimedLength} bytes but the file holds {shp.Length}");
        }

        long records = 0, vertices = 0;
        var position = FileHeaderBytes;
        while (shp.Length - position >= RecordHeaderBytes)
        {
            var contentBytes = 2L * BinaryPrimitives.ReadInt32BigEndian(shp[(position + 4)..]);
            var remaining = shp.Length - position - RecordHeaderBytes;
            if (contentBytes < 4 || contentBytes > remaining)
            {
                return Broken(records, $"its header claims {contentBytes} bytes but {remaining} remain in the .shp");
            }
            var content = shp.Slice(position + RecordHeaderBytes, (int)contentBytes);
            if (CountVertices(content, out var problem) is not { } count)
            {
                return Broken(records, problem);
            }
            records++;
            vertices += count;
            if (records > options.MaxFeatures)
            {
                return FenceImportResult.TooManyFeatures(options, records);
            }
            if (vertices > options.MaxVertices)
            {
                return FenceImportResult.TooManyVertices(options, vertices);
            }
            position += RecordHeaderBytes + (int)contentBytes;
        }
        return null;
    }

    /// <summary>Why the .dbf cannot be read within the limits, or null when its header matches its size.</summary>
    public static FenceImportResult? CheckDbf(ReadOnlySpan<byte> dbf, FenceImportOptions options)
    {
        if (dbf.Length < 33)
        {
            return FenceImportResult.Failure("not a readable shapefile: the .dbf is shorter than its header");
        }
        long records = BinaryPrimitives.ReadUInt32LittleEndian(dbf[4..]);
        int headerBytes = BinaryPrimitives.ReadUInt16LittleEndian(dbf[8..]);
        int recordBytes = BinaryPrimitives.ReadUInt16LittleEndian(dbf[10..]);
        if (headerBytes < 33 || headerBytes > dbf.Length || recordBytes < 1)
        {
            return FenceImportResult.Failure($"not a readable shapefile: the .dbf header claims a {headerBytes}-byte header and {recordBytes}-byte records");
        }
        if (records > options.MaxFeatures)
        {
            return FenceImportResult.TooManyFeatures(options, records);
        }
        if (headerBytes + (records * recordBytes) > dbf.Length)
        {
            return FenceImportResult.Failure(
                $"not a readable shapefile: the .dbf header claims {records} records of {recordBytes} bytes but the file holds {dbf.Length} bytes");
        }
        return null;
    }

    /// <summary>The vertices of one record's shape, or null when its counts do not fit its content.</summary>
    private static long? CountVertices(ReadOnlySpan<byte> content, out string problem)
    {
        problem = "";
        var shapeType = BinaryPrimitives.ReadInt32LittleEndian(content);
        switch (shapeType)
        {
            case 0:
                return 0;
            case 1 or 11 or 21:
                return Fits(content, 20, out problem) ? 1 : null;
            case 8 or 18 or 28:
                if (!Fits(content, 40, out problem)) return null;
                var points = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
                return CheckCounts(content, parts: 0, points, 40L + (16L * points), out problem) ? points : null;
            case 3 or 5 or 13 or 15 or 23 or 25 or 31:
                if (!Fits(content, 44, out problem)) return null;
                var partCount = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
                var pointCount = BinaryPrimitives.ReadInt32LittleEndian(content[40..]);
                // A multipatch also gives each part a type.
                var perPart = shapeType == 31 ? 8L : 4L;
                if (!CheckCounts(content, partCount, pointCount, 44L + (perPart * partCount) + (16L * pointCount), out problem)) return null;
                return CheckPartOffsets(content.Slice(44, 4 * partCount), pointCount, out problem) ? pointCount : null;
            default:
                problem = $"unknown shape type {shapeType}";
                return null;
        }
    }

    private static bool Fits(ReadOnlySpan<byte> content, int needed, out string problem)
    {
        problem = content.Length < needed ? $"it holds {content.Length} bytes, fewer than its shape type needs" : "";
        return problem.Length == 0;
    }

    private static bool CheckCounts(ReadOnlySpan<byte> content, int parts, int points, long needed, out string problem)
    {
        problem = parts < 0 || points < 0 || parts > points
            ? $"it claims {parts} parts and {points} points"
            : needed > content.Length ? $"it claims {parts} parts and {points} points, which need {needed} bytes, but holds {content.Length}"
            : "";
        return problem.Length == 0;
    }

    // Each part starts at a point index: the first at 0, each after the one before, all within the points.
    private static bool CheckPartOffsets(ReadOnlySpan<byte> offsets, int points, out string problem)
    {
        problem = "";
        var previous = -1;
        for (var part = 0; part < offsets.Length / 4; part++)
        {
            var start = BinaryPrimitives.ReadInt32LittleEndian(offsets[(4 * part)..]);
            if ((part == 0 && start != 0) || start <= previous || start >= points)
            {
                problem = $"part {part} starts at point {start}, outside its {points} points";
                return false;
            }
            previous = start;
        }
        return true;
    }

    private static FenceImportResult Broken(long record, string problem) =>
        FenceImportResult.Failure($"not a readable shapefile: record {record} of the .shp is broken: {problem}");
}
