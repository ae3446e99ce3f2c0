using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Geofence.Detector.Arrivals;

/// <summary>
/// Reads and writes subjects' last positions in bulk: one query in, one upsert out per batch of pings. Change
/// tracking a thousand rows per message costs more than the geometry does.
/// </summary>
public static class SubjectStates
{
    public static async Task<Dictionary<string, SubjectState>> LoadAsync(DetectorDb db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        await db.Subjects.AsNoTracking().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, ct);

    /// <summary>Inserts or replaces the rows; run it inside the transaction that also stores the arrivals.</summary>
    public static Task SaveAsync(DetectorDb db, IReadOnlyCollection<SubjectState> states, CancellationToken ct) =>
        states.Count == 0 ? Task.CompletedTask
        : db.Database.IsNpgsql() ? SaveOnPostgresAsync(db, states, ct)
        : SaveOnSqliteAsync(db, states, ct);

    private const string OnConflict = """
        ON CONFLICT ("Key") DO UPDATE SET "LastAt" = excluded."LastAt",
            "LastProvinceCode" = excluded."LastProvinceCode", "LastAtPointOfEntry" = excluded."LastAtPointOfEntry"
        """;

    private static Task SaveOnPostgresAsync(DetectorDb db, IReadOnlyCollection<SubjectState> states, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(
            $"""
            INSERT INTO detector_subjects ("Key", "LastAt", "LastProvinceCode", "LastAtPointOfEntry")
            SELECT * FROM unnest(@keys, @ats, @provinces, @entries)
            {OnConflict}
            """,
            [
                new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = states.Select(s => s.Key).ToArray() },
                new NpgsqlParameter("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = states.Select(s => DateTime.SpecifyKind(s.LastAt, DateTimeKind.Utc)).ToArray() },
                new NpgsqlParameter("provinces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = states.Select(s => s.LastProvinceCode).ToArray() },
                new NpgsqlParameter("entries", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = states.Select(s => s.LastAtPointOfEntry).ToArray() },
            ], ct);

    private static async Task SaveOnSqliteAsync(DetectorDb db, IReadOnlyCollection<SubjectState> states, CancellationToken ct)
    {
        foreach (var chunk in states.Chunk(500))
        {
            var values = string.Join(", ", chunk.Select((_, i) => $"({{{4 * i}}}, {{{4 * i + 1}}}, {{{4 * i + 2}}}, {{{4 * i + 3}}})"));
            // Times as EF Core stores them in SQLite, so that its own queries compare them correctly.
            var parameters = chunk.SelectMany(s => new object?[]
            {
                s.Key, s.LastAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture), s.LastProvinceCode, s.LastAtPointOfEntry,
            });
            // Only numbered placeholders are spliced in; the values travel as parameters.
            var sql = $"""INSERT INTO detector_subjects ("Key", "LastAt", "LastProvinceCode", "LastAtPointOfEntry") VALUES {values} {OnConflict}""";
            await db.Database.ExecuteSqlRawAsync(sql, parameters!, ct);
        }
    }
}
