using System.Diagnostics;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace Geofence.Fences.Benchmarks;

/// <summary>One way of running the set join, and its timings.</summary>
/// <param name="Setup">What was indexed.</param>
/// <param name="Seconds">Each run's wall time (Stopwatch around the query, one row back).</param>
/// <param name="Matches">count(*) of (point, province) pairs.</param>
/// <param name="Plan">EXPLAIN output.</param>
public sealed record JoinTiming(string Setup, double[] Seconds, long Matches, string Plan)
{
    public double Best => Seconds.Min();
}

/// <summary>What PostGIS answered, and how fast, for the same provinces and points.</summary>
public sealed record PostGisResult
{
    public required string ServerVersion { get; init; }
    public required string PostGisVersion { get; init; }
    public required long StoredVertices { get; init; }
    public required int InvalidGeometries { get; init; }
    public required int PointCount { get; init; }

    /// <summary>The set join with a GiST index on the provinces only: the planner loops over the points.</summary>
    public required JoinTiming ProvincesIndexed { get; init; }

    /// <summary>Seconds to build the GiST index on the points (and ANALYZE them) before <see cref="BothIndexed"/>.</summary>
    public required double PointIndexSeconds { get; init; }

    /// <summary>The set join with GiST indexes on provinces and points: the planner loops over the 63 provinces.</summary>
    public required JoinTiming BothIndexed { get; init; }

    /// <summary>Per point, the province codes the set join matched (untimed run), ordinal order.</summary>
    public required string[][] CodesPerPoint { get; init; }

    /// <summary>Seconds of each per-point run (one parameterised query per point, sequentially, one connection); empty when skipped.</summary>
    public required double[] PerPointSeconds { get; init; }
    public required int PerPointSample { get; init; }
    public required long PerPointMatches { get; init; }

    public double ProvincesIndexedLookupsPerSecond => PointCount / ProvincesIndexed.Best;
    public double BothIndexedLookupsPerSecond => PointCount / BothIndexed.Best;

    /// <summary>Counting the time to index the points, which the join needs first.</summary>
    public double BothIndexedWithIndexBuildLookupsPerSecond => PointCount / (BothIndexed.Best + PointIndexSeconds);

    /// <summary>The faster set join of the two (the fairest comparison: PostGIS at its best).</summary>
    public JoinTiming FastestJoin => BothIndexed.Best <= ProvincesIndexed.Best ? BothIndexed : ProvincesIndexed;
    public double FastestJoinLookupsPerSecond => PointCount / FastestJoin.Best;

    public double? PerPointLookupsPerSecond => PerPointSeconds.Length == 0 ? null : PerPointSample / PerPointSeconds.Min();
}

/// <summary>
/// Loads the 63 province polygons (WKB of the same NTS geometries) and the points into PostGIS and times
/// <c>ST_Covers</c> there: a set-based join over all points, first with a GiST index on the provinces only, then
/// with one on the points as well (the planner then loops over the 63 provinces and PostGIS reuses each polygon's
/// prepared form for thousands of points: its fastest answer); and one parameterised query per point for a sample.
/// All on one backend with parallel query off, i.e. one core, like the in-process methods; JIT off (it only adds
/// compile time to a query whose time is spent in ST_Covers).
/// </summary>
public static class PostGisComparison
{
    private const string JoinSql =
        "SELECT count(*) FROM bench_points p JOIN bench_provinces v ON ST_Covers(v.geom, p.geom)";

    private const string PerPointSql =
        "SELECT count(*) FROM bench_provinces WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))";

    public static async Task<PostGisResult> RunAsync(string connectionString, LookupData data, int perPointSample, int repeats, bool keepTables, TextWriter log)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = 0, // the set join over 1,000,000 points may take minutes on a loaded machine
            ApplicationName = "geofence-bench",
        };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var db = await dataSource.OpenConnectionAsync();

        await ExecuteAsync(db, "CREATE EXTENSION IF NOT EXISTS postgis");
        var serverVersion = (string)(await ScalarAsync(db, "SHOW server_version"))!;
        var postGisVersion = (string)(await ScalarAsync(db, "SELECT 'PostGIS ' || postgis_lib_version() || ', GEOS ' || postgis_geos_version()"))!;
        log.WriteLine($"PostgreSQL {serverVersion}, {postGisVersion}");

        await ExecuteAsync(db, "DROP TABLE IF EXISTS bench_points, bench_points_raw, bench_provinces");
        try
        {
            var (vertices, invalid) = await LoadProvincesAsync(db, data);
            await LoadPointsAsync(db, data);
            log.WriteLine($"loaded {data.Provinces.Count} provinces ({vertices:N0} vertices, GiST index) and {data.Longitudes.Length:N0} points");

            // One core, as for the in-process methods (the default would add up to 2 parallel workers).
            await ExecuteAsync(db, "SET max_parallel_workers_per_gather = 0");
            await ExecuteAsync(db, "SET jit = off");

            var provincesIndexed = await TimeJoinAsync(db, "GiST on provinces only", data.Longitudes.Length, repeats, log);

            var indexTimer = Stopwatch.StartNew();
            await ExecuteAsync(db, "CREATE INDEX bench_points_geom ON bench_points USING gist (geom)");
            await ExecuteAsync(db, "ANALYZE bench_points");
            var pointIndexSeconds = indexTimer.Elapsed.TotalSeconds;
            log.WriteLine($"GiST index on the points built and analysed in {pointIndexSeconds:F2} s");

            var bothIndexed = await TimeJoinAsync(db, "GiST on provinces and points", data.Longitudes.Length, repeats, log);
            if (bothIndexed.Matches != provincesIndexed.Matches)
            {
                throw new InvalidOperationException($"The set join answered {provincesIndexed.Matches} matches without the points index, {bothIndexed.Matches} with it.");
            }

            var codes = await CodesPerPointAsync(db, data.Longitudes.Length);

            var sample = Math.Min(perPointSample, data.Longitudes.Length);
            var perPointSeconds = sample == 0 ? [] : new double[repeats];
            long perPointMatches = 0;
            if (sample > 0)
            {
                await using var query = new NpgsqlCommand(PerPointSql, db);
                var lon = new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double };
                var lat = new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double };
                query.Parameters.Add(lon);
                query.Parameters.Add(lat);
                await query.PrepareAsync();
                for (var r = 0; r < repeats; r++)
                {
                    long matches = 0;
                    var sw = Stopwatch.StartNew();
                    for (var i = 0; i < sample; i++)
                    {
                        lon.TypedValue = data.Longitudes[i];
                        lat.TypedValue = data.Latitudes[i];
                        matches += (long)(await query.ExecuteScalarAsync())!;
                    }
                    perPointSeconds[r] = sw.Elapsed.TotalSeconds;
                    perPointMatches = matches;
                    log.WriteLine($"PostGIS per point, run {r + 1}/{repeats}: {perPointSeconds[r]:F2} s for {sample} queries, {matches} matches, {sample / perPointSeconds[r]:N0} lookups/s");
                }
            }

            return new PostGisResult
            {
                ServerVersion = serverVersion,
                PostGisVersion = postGisVersion,
                StoredVertices = vertices,
                InvalidGeometries = invalid,
                PointCount = data.Longitudes.Length,
                ProvincesIndexed = provincesIndexed,
                PointIndexSeconds = pointIndexSeconds,
                BothIndexed = bothIndexed,
                CodesPerPoint = codes,
                PerPointSeconds = perPointSeconds,
                PerPointSample = sample,
                PerPointMatches = perPointMatches,
            };
        }
        finally
        {
            if (!keepTables)
            {
                await ExecuteAsync(db, "DROP TABLE IF EXISTS bench_points, bench_points_raw, bench_provinces");
            }
        }
    }

    private static async Task<JoinTiming> TimeJoinAsync(NpgsqlConnection db, string setup, int pointCount, int repeats, TextWriter log)
    {
        var plan = await ExplainAsync(db, JoinSql);
        log.WriteLine($"set join, {setup}, plan:\n{plan}");
        var seconds = new double[repeats];
        long matches = -1;
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            var count = (long)(await ScalarAsync(db, JoinSql))!;
            seconds[r] = sw.Elapsed.TotalSeconds;
            log.WriteLine($"set join, {setup}, run {r + 1}/{repeats}: {seconds[r]:F2} s, {count} matches, {pointCount / seconds[r]:N0} lookups/s");
            if (matches >= 0 && count != matches)
            {
                throw new InvalidOperationException($"The set join answered {matches} then {count} matches.");
            }
            matches = count;
        }
        return new JoinTiming(setup, seconds, matches, plan);
    }

    /// <summary>The 63 provinces as geometry(MultiPolygon, 4326) from the WKB of the very geometries the snapshot indexes.</summary>
    private static async Task<(long Vertices, int Invalid)> LoadProvincesAsync(NpgsqlConnection db, LookupData data)
    {
        await ExecuteAsync(db, "CREATE TABLE bench_provinces (code text PRIMARY KEY, geom geometry(MultiPolygon, 4326) NOT NULL)");
        var wkb = new WKBWriter(); // little-endian, 2D: exactly the NTS coordinates
        await using (var insert = new NpgsqlCommand("INSERT INTO bench_provinces (code, geom) VALUES ($1, ST_Multi(ST_GeomFromWKB($2, 4326)))", db))
        {
            var code = new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text };
            var geom = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea };
            insert.Parameters.Add(code);
            insert.Parameters.Add(geom);
            foreach (var province in data.Provinces)
            {
                code.TypedValue = province.Code;
                geom.TypedValue = wkb.Write(((PolygonShape)province.Shape).Area);
                await insert.ExecuteNonQueryAsync();
            }
        }
        await ExecuteAsync(db, "CREATE INDEX bench_provinces_geom ON bench_provinces USING gist (geom)");
        await ExecuteAsync(db, "VACUUM ANALYZE bench_provinces");

        await using var check = new NpgsqlCommand("SELECT count(*), sum(ST_NPoints(geom)), count(*) FILTER (WHERE NOT ST_IsValid(geom)) FROM bench_provinces", db);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (rows, vertices, invalid) = (reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2));
        var expected = data.Provinces.Sum(p => (long)((PolygonShape)p.Shape).Area.NumPoints);
        if (rows != data.Provinces.Count || vertices != expected)
        {
            throw new InvalidOperationException($"PostGIS holds {rows} provinces with {vertices} vertices; NTS has {data.Provinces.Count} with {expected}.");
        }
        return (vertices, invalid);
    }

    /// <summary>The points, by binary COPY of the exact doubles, then made into geometry(Point, 4326).</summary>
    private static async Task LoadPointsAsync(NpgsqlConnection db, LookupData data)
    {
        await ExecuteAsync(db, "CREATE UNLOGGED TABLE bench_points_raw (id integer NOT NULL, lon double precision NOT NULL, lat double precision NOT NULL)");
        await using (var copy = await db.BeginBinaryImportAsync("COPY bench_points_raw (id, lon, lat) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < data.Longitudes.Length; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(data.Longitudes[i], NpgsqlDbType.Double);
                await copy.WriteAsync(data.Latitudes[i], NpgsqlDbType.Double);
            }
            await copy.CompleteAsync();
        }
        await ExecuteAsync(db, """
            CREATE TABLE bench_points AS
                SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom FROM bench_points_raw ORDER BY id
            """);
        await ExecuteAsync(db, "DROP TABLE bench_points_raw");
        await ExecuteAsync(db, "ALTER TABLE bench_points ADD PRIMARY KEY (id)");
        await ExecuteAsync(db, "VACUUM ANALYZE bench_points");
    }

    private static async Task<string[][]> CodesPerPointAsync(NpgsqlConnection db, int pointCount)
    {
        var lists = new List<string>?[pointCount];
        await using (var command = new NpgsqlCommand(
            "SELECT p.id, v.code FROM bench_points p JOIN bench_provinces v ON ST_Covers(v.geom, p.geom)", db))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                (lists[reader.GetInt32(0)] ??= []).Add(reader.GetString(1));
            }
        }
        return [.. lists.Select(l => l is null ? [] : l.Order(StringComparer.Ordinal).ToArray())];
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection db, string sql)
    {
        var lines = new List<string>();
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return await command.ExecuteScalarAsync();
    }
}
