using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Geofence.Host.Tests;

namespace Geofence.Fuzz.Tests;

/// <summary>What one request got back, when it broke a rule.</summary>
public sealed record Finding(string Operation, string Mutation, string Caller, int Status, string Request, string Answer, int Seed);

/// <summary>
/// The embedded system, a key of every kind (admin, a hotel, a feed of each kind) and one fuzzing run over every
/// operation of its /openapi/v1.json: at least 10,000 requests from a fixed seed (<c>FUZZ_SEED</c> to replay another).
/// </summary>
public sealed class FuzzRun : IAsyncLifetime
{
    public const int DefaultSeed = 20_261_202;
    public const int MinimumRequests = 10_000;
    public const long WorkingSetBound = 1536L * 1024 * 1024;

    /// <summary>
    /// The collection every class here is in: the fuzz run and the crafted uploads measure this process's working set,
    /// so classes run one after another and one's 50 MB bodies are not counted against another's bound.
    /// </summary>
    public const string OneAtATime = "Measured working set";

    public EmbeddedGeofence App { get; } = new();
    public int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
    public IReadOnlyList<ApiOperation> Operations { get; private set; } = [];
    public ConcurrentDictionary<string, ConcurrentDictionary<int, int>> Statuses { get; } = new();
    public ConcurrentQueue<Finding> ServerErrors { get; } = new();
    public ConcurrentQueue<Finding> NotProblems { get; } = new();
    public ConcurrentQueue<Finding> Undocumented { get; } = new();
    public int Requests => Statuses.Values.Sum(s => s.Values.Sum());
    public TimeSpan Duration { get; private set; }
    public long PeakWorkingSet { get; private set; }
    public string Report { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var api = App.Api();
        var propertyId = $"fuzz-hotel-{Guid.NewGuid():N}"[..24];
        var hotelKey = await api.RegisterHotelAsync(propertyId);
        var feedIds = new Dictionary<string, string>();
        var callers = new List<Caller> { new("admin", App.AdminKey), new("hotel", hotelKey) };
        foreach (var kind in new[] { "app", "wifi", "telco" })
        {
            feedIds[kind] = $"fuzz-{kind}-{Guid.NewGuid():N}"[..20];
            callers.Add(new Caller($"feed-{kind}", await api.RegisterFeedAsync(feedIds[kind], kind)));
        }
        var deviceId = $"fuzz-device-{Guid.NewGuid():N}"[..24];
        await api.RegisterDeviceAsync(callers[2].Key!, deviceId, "fuzz-push-token");

        using var response = await api.Ingest.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var description = new ApiDescription(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        Operations = description.Operations().Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToArray();
        var knownIds = new Dictionary<string, string> { ["propertyid"] = propertyId, ["feedid"] = feedIds["app"], ["deviceid"] = deviceId };
        var requests = new HostileRequests(description, callers, knownIds);

        // Seeds are drawn in order from the run's seed, so each request can be built again from the seed printed with it.
        var seeds = new Random(Seed);
        var perOperation = (MinimumRequests / Operations.Count) + 20;
        var plan = Operations.SelectMany(o => Enumerable.Range(0, perOperation).Select(i => (Operation: o, Seed: seeds.Next(), Heavy: i < 12))).ToArray();
        new Random(Seed).Shuffle(plan);

        // Warm-up, one request at a time: valid-shaped requests to every operation without path parameters create and list
        // things, whose ids the run then puts in path parameters so that requests get past "not found" into the handlers.
        var client = App.CreateClient();
        var clock = Stopwatch.StartNew();
        foreach (var operation in Operations.Where(o => o.Parameters.All(p => p.In != "path")).OrderBy(o => o.Method != "post"))
        {
            for (var i = 0; i < 8; i++)
            {
                var seed = seeds.Next();
                var body = await SendAsync(client, requests.Build(operation, seed, heavyAllowed: false, valid: true), seed, CancellationToken.None);
                if (body is not null) requests.Harvest(body);
            }
        }
        using var sampler = new Timer(_ => PeakWorkingSet = Math.Max(PeakWorkingSet, Process.GetCurrentProcess().WorkingSet64), null, 0, 250);
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            await SendAsync(client, requests.Build(item.Operation, item.Seed, item.Heavy), item.Seed, ct);
        });
        Duration = clock.Elapsed;
        PeakWorkingSet = Math.Max(PeakWorkingSet, Process.GetCurrentProcess().WorkingSet64);
        Report = Summary();
    }

    /// <summary>Sends one request and files its answer; returns a 2xx answer's body.</summary>
    private async Task<string?> SendAsync(HttpClient client, HostileRequest request, int seed, CancellationToken ct)
    {
        var operation = request.Operation;
        using var message = request.Message;
        var described = HostileRequests.Describe(message);
        HttpResponseMessage answer;
        try
        {
            answer = await client.SendAsync(message, ct);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            // The in-process server threw past the exception handler (a response already started): as bad as a 5xx.
            Statuses.GetOrAdd(operation.Name, _ => new()).AddOrUpdate(0, 1, (_, n) => n + 1);
            ServerErrors.Enqueue(new(operation.Name, request.Mutation, request.Caller.Kind, 0, described, HostileRequests.Truncate(e.ToString(), 900), seed));
            return null;
        }
        using var disposeAnswer = answer;
        var status = (int)answer.StatusCode;
        Statuses.GetOrAdd(operation.Name, _ => new()).AddOrUpdate(status, 1, (_, n) => n + 1);
        var body = await answer.Content.ReadAsStringAsync(ct);
        Finding Found() => new(operation.Name, request.Mutation, request.Caller.Kind, status, described, HostileRequests.Truncate(body, 600), seed);
        if (status >= 500 || status < 200 || status is >= 300 and < 400) ServerErrors.Enqueue(Found());
        else if (status >= 400 && body.Length > 0 && !IsProblem(answer, body, status)) NotProblems.Enqueue(Found());
        if (!operation.Statuses.Contains(status)) Undocumented.Enqueue(Found());
        return status is >= 200 and < 300 ? body : null;
    }

    private static bool IsProblem(HttpResponseMessage answer, string body, int status)
    {
        if (answer.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.TryGetProperty("status", out var s) && s.GetInt32() == status && problem.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"FUZZ_SEED={Seed}: {Requests} requests over {Operations.Count} operations in {Duration.TotalSeconds:F0} s; peak working set {PeakWorkingSet / (1024 * 1024)} MB");
        var all = Statuses.Values.SelectMany(s => s).GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Sum(s => s.Value)}");
        text.AppendLine("statuses: " + string.Join(' ', all));
        foreach (var (operation, statuses) in Statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {operation}: {statuses.Values.Sum()} — {string.Join(' ', statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        return text.ToString();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
