using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Testing;
using MassTransit;
using Npgsql;

// Pings/s through the Detector on RabbitMQ: publish a fixed workload while no Detector runs (the broker's rate for
// these messages: the baseline), then start the Detector and time how fast it drains the shard queues.
var subjects = Arg("--subjects", 20_000);
var pingsPerSubject = Arg("--pings-per-subject", 10);
var boundaries = Path.Combine(GeoData.Folder, "vn-provinces-34-2025.geojson");
if (!File.Exists(boundaries)) return Fail($"boundaries not found: {boundaries} (set GEOFENCE_GEO_DATA)");
if (TestInfrastructure.PostgresAdminConnectionString is null) return Fail("run through `bash infra/bench.sh detector`");

await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
await using var database = await TestInfrastructure.CreateDatabaseAsync();
var environment = virtualHost.BusSettings.Concat(database.DatabaseSettings).ToDictionary();
environment["Auth__BootstrapAdminKey"] = "bench-admin-key-0123456789abcdefghijklmnop";
environment["Privacy__PhoneHashKey"] = "bench";

// The fences: the real 34 provinces and the built-in points of entry, delivered the way Admin delivers them.
var import = await FenceImport.FromGeoJsonAsync(File.OpenRead(boundaries),
    new FenceImportOptions { Kind = FenceKind.Province, CodeProperty = "code", NameProperty = "name_vi" });
var fences = import.Fences.Concat(PointOfEntryCatalogue.BuiltIn.ToFences()).ToList();

var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
{
    cfg.Host(virtualHost.Host, ushort.Parse(virtualHost.Port), virtualHost.Name, h =>
    {
        h.Username(virtualHost.User);
        h.Password(virtualHost.Password);
    });
    cfg.Publish<LocationsReported>(p => p.ExchangeType = "x-consistent-hash");
    cfg.Send<LocationsReported>(s => s.UseRoutingKeyFormatter(c => c.Message.Shard));
});
await bus.StartAsync();

// A first Detector declares the shard queues and stores the fence set; it then stops so the queues can fill.
var detector = await ServiceProcess.StartAsync("Geofence.Detector", environment);
// Inline: this bus has no claim-check repository, and the set is small enough to travel in the message.
await bus.Publish(new GeofencesChanged(1, new MassTransit.MessageData.Values.StringInlineMessageData(FenceFeatures.ToFeatureCollection(fences)), DateTimeOffset.UtcNow));
await WaitForAsync(async () => (await DetectorFencesAsync(detector)) == fences.Count, "the Detector to load the fences");
await detector.KillAsync();

// The workload: subjects walking in random steps across Vietnam's box, batched by shard as Ingest batches them.
var random = new Random(20261128);
var start = DateTimeOffset.UtcNow.AddHours(-6);
var pings = Enumerable.Range(0, subjects).SelectMany(s =>
{
    var (lat, lon) = (8.56 + random.NextDouble() * 14.84, 102.14 + random.NextDouble() * 7.33);
    return Enumerable.Range(0, pingsPerSubject).Select(i =>
        new LocationPing($"s{s}", lat + i * 0.01, lon + i * 0.01, 20, start.AddMinutes(i)));
}).ToList();
var batches = pings.GroupBy(p => LocationShards.Of("bench", p.SubjectId))
    .SelectMany(shard => shard.OrderBy(p => p.At).Chunk(1000).Select(chunk => new LocationsReported("bench", shard.Key, chunk, DateTimeOffset.UtcNow)))
    .ToList();

var publishing = Stopwatch.StartNew();
foreach (var batch in batches) await bus.Publish(batch);
publishing.Stop();
var brokerRate = pings.Count / publishing.Elapsed.TotalSeconds;
// The management API's queue statistics lag by up to a second or so.
var queued = 0L;
for (var i = 0; i < 100 && queued != batches.Count; i++, await Task.Delay(200)) queued = await QueuedAsync();
if (queued != batches.Count) return Fail($"expected {batches.Count} messages queued, found {queued}");

// Now the Detector: from the first subject it records to every subject at its last ping, read from its own table
// (exact, where the broker's queue statistics lag by a second).
await using var connection = new NpgsqlConnection(database.ConnectionString);
await connection.OpenAsync();
var lastPing = pings.Max(p => p.At).UtcDateTime;
var draining = Stopwatch.StartNew();
await using var running = await ServiceProcess.StartAsync("Geofence.Detector", environment);
var firstSeen = TimeSpan.Zero;
while (true)
{
    await using var done = new NpgsqlCommand("""SELECT count(*), count(*) FILTER (WHERE "LastAt" >= @last) FROM detector_subjects""", connection);
    done.Parameters.AddWithValue("last", lastPing);
    await using var reader = await done.ExecuteReaderAsync();
    await reader.ReadAsync();
    var (seen, finished) = (reader.GetInt64(0), reader.GetInt64(1));
    if (seen > 0 && firstSeen == TimeSpan.Zero) firstSeen = draining.Elapsed;
    if (finished == subjects) break;
    if (draining.Elapsed > TimeSpan.FromMinutes(15)) return Fail($"{subjects - finished} subjects unfinished after 15 minutes");
    await Task.Delay(20);
}
var detectorSeconds = (draining.Elapsed - firstSeen).TotalSeconds;
var detectorRate = pings.Count / detectorSeconds;

var tracked = (long)(await new NpgsqlCommand("SELECT count(*) FROM detector_subjects", connection).ExecuteScalarAsync())!;
var arrivals = (long)(await new NpgsqlCommand("SELECT count(*) FROM detector_outbox", connection).ExecuteScalarAsync())!;
await bus.StopAsync();

var report = $"""
    ## Detector throughput (RabbitMQ + PostgreSQL, Detector in its own process, {Environment.ProcessorCount} cores)

    | measure | value |
    |---|---|
    | workload | {pings.Count:N0} pings, {subjects:N0} subjects, {batches.Count:N0} messages of ≤1,000 pings over {LocationShards.Count} shard keys |
    | broker baseline: publish with confirms into the shard queues | {brokerRate:N0} pings/s |
    | Detector: every subject at its last ping | {detectorRate:N0} pings/s ({detectorSeconds:N1} s) |
    | Detector ÷ broker baseline | {detectorRate / brokerRate:P0} |
    | subjects tracked / arrival messages in its outbox | {tracked:N0} / {arrivals:N0} |

    target: ≥ 20,000 pings/s sustained — {(detectorRate >= 20_000 ? "MET" : "NOT MET")}
    """;
Console.WriteLine(report);
Directory.CreateDirectory("BenchmarkDotNet.Artifacts/results");
File.WriteAllText("BenchmarkDotNet.Artifacts/results/detector.md", report);
return tracked == subjects ? 0 : Fail($"{tracked} subjects tracked, expected {subjects}");

async Task<long> QueuedAsync()
{
    var queues = await virtualHost.Management.GetFromJsonAsync<JsonElement[]>($"queues/{virtualHost.Name}");
    return queues!.Where(q => q.GetProperty("name").GetString()!.StartsWith("detector-locations-"))
        .Sum(q => q.TryGetProperty("messages", out var m) ? m.GetInt64() : 0);
}

static async Task<int> DetectorFencesAsync(ServiceProcess detector)
{
    using var client = detector.CreateClient("bench-admin-key-0123456789abcdefghijklmnop");
    return (await client.GetFromJsonAsync<JsonElement>("/api/v1/detector/geofences")).GetProperty("fences").GetInt32();
}

static async Task WaitForAsync(Func<Task<bool>> done, string what)
{
    for (var i = 0; i < 600; i++)
    {
        if (await done()) return;
        await Task.Delay(100);
    }
    throw new TimeoutException($"waiting for {what}");
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"detector benchmark: {message}");
    return 1;
}
