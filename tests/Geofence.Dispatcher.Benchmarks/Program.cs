using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Geofence.Channels;
using Geofence.Channels.Twilio;
using Geofence.Contracts;
using Geofence.Privacy;
using Geofence.Testing;
using Geofence.Testing.Providers;
using MassTransit;
using Npgsql;

// Messages/s through the Dispatcher (its own process) on RabbitMQ + PostgreSQL to a zero-latency fake Twilio, with two
// baselines measured in the same run because these machines are noisy: the broker + MassTransit alone (publish the same
// commands to a no-op consumer in this process) and the Twilio client alone (the same number of direct HTTP sends to
// the same kind of fake at the same concurrency). Each is warmed up first, then timed from the first publish (or send)
// to the last message consumed (or accepted), so publishing is in the figure for both broker paths alike.
// Rates move with other people's load on a shared machine; CPU per message, read from /proc for each process involved,
// moves much less, and says what the setup could reach on its own.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        bash infra/bench.sh dispatcher [--messages N] [--runs N] [--warmup N] [--provider-latency MS] [--db-options TEXT] [--env KEY=VALUE]...
          --messages N           SMS commands per run (5000)
          --runs N               timed runs of each measure, interleaved; the table shows their median (3)
          --warmup N             untimed commands through each path first, so that the JIT has settled (1000)
          --provider-latency MS  the fake Twilio answers after MS milliseconds (0: the headline figure is for a
                                 zero-latency provider; a real one takes 100 ms or more, and then concurrency decides)
          --db-options TEXT      appended to the Dispatcher's Npgsql connection string, e.g. "Max Auto Prepare=16"
          --env KEY=VALUE        a setting for the Dispatcher process (repeatable), e.g. Dispatcher__ConcurrentMessageLimit=32;
                                 both baselines work on as many at once as the broker says the Dispatcher prefetches
        """);
    return 0;
}
var messages = Arg("--messages", 5000);
var runs = Arg("--runs", 3);
var warmup = Arg("--warmup", 1000);
var latency = TimeSpan.FromMilliseconds(Arg("--provider-latency", 0));
var dbOptions = TextArg("--db-options");
var extra = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i++)
    if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var key, var value]) extra[key] = value;
if (TestInfrastructure.PostgresAdminConnectionString is null) return Fail("run through `bash infra/bench.sh dispatcher`");

await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
await using var noopHost = await TestInfrastructure.CreateVirtualHostAsync();
await using var database = await TestInfrastructure.CreateDatabaseAsync();
await using var twilio = await FakeTwilio.StartAsync();
await using var directTwilio = await FakeTwilio.StartAsync();
if (latency > TimeSpan.Zero) twilio.Server.Stall = directTwilio.Server.Stall = latency;

var environment = virtualHost.BusSettings.Concat(database.DatabaseSettings).ToDictionary();
environment["Auth__BootstrapAdminKey"] = "bench-admin-key-0123456789abcdefghijklmnop";
environment["Privacy__PhoneHashKey"] = "bench";
var cipher = new FieldCipher("bench"); // seals the commands as the Notifier does, so that opening them is in the measure
environment["Channels__Sms__Provider"] = "Twilio";
environment["Channels__Twilio__AccountSid"] = twilio.AccountSid;
environment["Channels__Twilio__AuthToken"] = twilio.AuthToken;
environment["Channels__Twilio__From"] = "GEOFENCE";
environment["Channels__Twilio__BaseUrl"] = twilio.Server.BaseUrl;
environment["Channels__Twilio__MaxPerSecond"] = "1000000"; // measure the Dispatcher, not the quota guard
foreach (var (key, value) in extra) environment[key] = value;
if (dbOptions is not null) environment["ConnectionStrings__Geofence"] += ";" + dbOptions;

// The Dispatcher's queue and its binding to SendNotification exist once it has started.
await using var dispatcher = await ServiceProcess.StartAsync("Geofence.Dispatcher", environment);
// The baselines work on as many messages at once as the Dispatcher's endpoint: what the broker reports it prefetches
// (MassTransit 8.5's default is 16 whatever the cores), which is also how many it consumes at once.
var brokerPrefetch = await PrefetchAsync(virtualHost, "send-notification");
var concurrency = brokerPrefetch is [var single] ? single : throw new InvalidOperationException($"the Dispatcher's prefetch: {string.Join(", ", brokerPrefetch)}");
var dispatcherPid = int.Parse(Regex.Match(dispatcher.Output, @"started as process (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

// This process publishes the commands as the Notifier's outbox relay does (Publish with the broker's confirm; the
// SendNotification exchange routes to the Dispatcher's send-notification queue) and counts the NotificationSent events
// that the Dispatcher's own outbox relays.
var sent = new ConcurrentDictionary<Guid, byte>();
var sentCount = 0; // distinct, read while waiting (cheaper than the dictionary's Count)
var bus = CreateBus(virtualHost, cfg => cfg.ReceiveEndpoint("bench-notification-sent", e =>
    e.Handler<NotificationSent>(context =>
    {
        if (sent.TryAdd(context.Message.NotificationId, 0)) Interlocked.Increment(ref sentCount);
        return Task.CompletedTask;
    })));
await bus.StartAsync();

// Baseline (a): the same publishes to a no-op consumer on a quorum queue of the same name in a virtual host of its
// own, with the Dispatcher's prefetch and concurrency.
var consumed = 0;
var noopBus = CreateBus(noopHost, cfg => cfg.ReceiveEndpoint("send-notification", e =>
{
    e.SetQuorumQueue();
    e.PrefetchCount = (ushort)concurrency;
    e.ConcurrentMessageLimit = concurrency;
    e.Handler<SendNotification>(_ =>
    {
        Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    });
}));
await noopBus.StartAsync();

// Baseline (b): the Dispatcher's Twilio client, configured as the Dispatcher configures it, sending straight to a fake.
using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(15) };
var directOptions = directTwilio.Options();
directOptions.MaxPerSecond = 1_000_000;
using var twilioClient = new TwilioSmsClient(http, directOptions);

var batch = 0;
await NoopAsync(warmup);
await DirectAsync(warmup);
await DispatcherAsync(warmup);

var results = new List<(Measure Noop, Measure Direct, Measure Dispatcher)>();
for (var run = 1; run <= runs; run++)
{
    var noop = await NoopAsync(messages);
    var direct = await DirectAsync(messages);
    var through = await DispatcherAsync(messages);
    results.Add((noop, direct, through));
    Console.Error.WriteLine(FormattableString.Invariant(
        $"run {run}: no-op consumer {noop.Rate:N0}/s, direct HTTP {direct.Rate:N0}/s, Dispatcher {through.Rate:N0}/s (NotificationSent all out after {through.OutboxSeconds:N1} s; CPU ms/message {through.Cpu}; machine {through.MachineBusy:P0} busy)"));
}

// Nothing sent twice, nothing lost: every To distinct, every command one delivery row and one NotificationSent.
await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would show up here
var total = warmup + runs * messages;
var accepted = twilio.Accepted.ToArray();
var distinctTo = accepted.Select(m => m["To"]).Distinct().Count();
await using var connection = new NpgsqlConnection(database.ConnectionString);
await connection.OpenAsync();
var deliveries = await ScalarAsync("SELECT count(*) FROM dispatcher_deliveries WHERE \"Status\" = 'sent'");
var attempts = await ScalarAsync("SELECT count(*) FROM dispatcher_attempts");
var unpublished = await ScalarAsync("SELECT count(*) FROM dispatcher_outbox WHERE \"PublishedAt\" IS NULL");
await bus.StopAsync();
await noopBus.StopAsync();

var noopRate = Median(results.Select(r => r.Noop.Rate));
var directRate = Median(results.Select(r => r.Direct.Rate));
var dispatcherRate = Median(results.Select(r => r.Dispatcher.Rate));
var outboxSeconds = Median(results.Select(r => r.Dispatcher.OutboxSeconds));
var machineBusy = Median(results.Select(r => r.Dispatcher.MachineBusy));
var noopCpu = CpuShare.Median(results.Select(r => r.Noop.Cpu));
var directCpu = CpuShare.Median(results.Select(r => r.Direct.Cpu));
var dispatcherCpu = CpuShare.Median(results.Select(r => r.Dispatcher.Cpu));
var cores = Environment.ProcessorCount;
var settings = string.Join(", ", extra.Select(p => $"{p.Key}={p.Value}")
    .Concat(dbOptions is null ? [] : [$"connection string + \"{dbOptions}\""])
    .Concat(latency > TimeSpan.Zero ? [$"provider latency {latency.TotalMilliseconds:N0} ms"] : []));
if (settings.Length == 0) settings = "defaults, zero provider latency";
var report = FormattableString.Invariant($"""
    ## Dispatcher throughput to a fake Twilio (RabbitMQ + PostgreSQL, Dispatcher in its own process, {Environment.ProcessorCount} cores)

    {messages:N0} SMS commands per run, median of {runs} runs (after {warmup:N0} warm-up messages each); Dispatcher settings: {settings};
    the broker reports prefetch {concurrency} for the Dispatcher's send-notification consumer; the baselines work on as many at once.

    | measure | messages/s | Dispatcher ÷ this |
    |---|---|---|
    | Dispatcher: publish → accepted by the fake Twilio | {dispatcherRate:N0} | — |
    | baseline (a) broker + MassTransit: the same publishes → no-op consumer | {noopRate:N0} | {dispatcherRate / noopRate:P0} |
    | baseline (b) Twilio client: direct HTTP sends to the fake, {concurrency} at a time | {directRate:N0} | {dispatcherRate / directRate:P0} |

    | per run | {string.Join(" | ", results.Select((_, i) => $"run {i + 1}"))} |
    |---|{string.Concat(results.Select(_ => "---|"))}
    | Dispatcher | {string.Join(" | ", results.Select(r => r.Dispatcher.Rate.ToString("N0", CultureInfo.InvariantCulture)))} |
    | no-op consumer | {string.Join(" | ", results.Select(r => r.Noop.Rate.ToString("N0", CultureInfo.InvariantCulture)))} |
    | direct HTTP | {string.Join(" | ", results.Select(r => r.Direct.Rate.ToString("N0", CultureInfo.InvariantCulture)))} |

    CPU per message, by process (ms; median of the runs). The machine is shared, so rates move with other people's load;
    CPU per message barely does, and {cores} free cores ÷ the total is what this setup could reach on its own:

    | path | Dispatcher | PostgreSQL | RabbitMQ | this process (publisher, fakes) | total | ceiling on {cores} free cores |
    |---|---|---|---|---|---|---|
    | Dispatcher | {dispatcherCpu.Row(cores)} |
    | no-op consumer | {noopCpu.Row(cores)} |
    | direct HTTP | {directCpu.Row(cores)} |

    - the Dispatcher's outbox: every NotificationSent of a run out {outboxSeconds:N1} s after its first publish (median); {unpublished} rows unpublished at the end
    - the whole machine {machineBusy:P0} busy during the Dispatcher's runs (everyone's processes)
    - nothing twice, nothing lost: {accepted.Length:N0} SMS accepted for {total:N0} commands, {distinctTo:N0} distinct numbers, {deliveries:N0} sent deliveries, {attempts:N0} attempts, {sent.Count:N0} NotificationSent received
    """);
Console.WriteLine(report);
Directory.CreateDirectory("BenchmarkDotNet.Artifacts/results");
File.WriteAllText("BenchmarkDotNet.Artifacts/results/dispatcher.md", report);
return accepted.Length == total && distinctTo == total && deliveries == total && sent.Count == total
    ? 0
    : Fail($"expected {total} of each: accepted {accepted.Length}, distinct {distinctTo}, deliveries {deliveries}, NotificationSent {sent.Count}");

async Task<Measure> NoopAsync(int count)
{
    var before = Volatile.Read(ref consumed);
    var commands = Commands(count);
    var (cpu, machine) = (CpuNow(), MachineCpu());
    var clock = Stopwatch.StartNew();
    var publishing = PublishAsync(noopBus, commands);
    await WaitForAsync(() => Volatile.Read(ref consumed) - before >= count, "the no-op consumer");
    var elapsed = clock.Elapsed;
    await publishing;
    return new Measure(count / elapsed.TotalSeconds, 0, (CpuNow() - cpu) / count, Busy(machine, MachineCpu()));
}

async Task<Measure> DirectAsync(int count)
{
    var commands = Commands(count);
    var (cpu, machine) = (CpuNow(), MachineCpu());
    var clock = Stopwatch.StartNew();
    var refused = 0;
    await Parallel.ForEachAsync(commands, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (command, ct) =>
    {
        if (await twilioClient.SendAsync(new SmsMessage(command.NotificationId, cipher.Unprotect(command.Phone)!, cipher.Unprotect(command.SmsText)!), ct)
            is not ProviderResult.Accepted)
            Interlocked.Increment(ref refused);
    });
    var elapsed = clock.Elapsed;
    if (refused > 0) throw new InvalidOperationException($"the fake refused {refused} direct sends");
    return new Measure(count / elapsed.TotalSeconds, 0, (CpuNow() - cpu) / count, Busy(machine, MachineCpu()));
}

async Task<Measure> DispatcherAsync(int count)
{
    var before = twilio.Accepted.Count;
    var sentBefore = Volatile.Read(ref sentCount);
    var commands = Commands(count);
    var (cpu, machine) = (CpuNow(), MachineCpu());
    var clock = Stopwatch.StartNew();
    var publishing = PublishAsync(bus, commands);
    await WaitForAsync(() => twilio.Accepted.Count - before >= count, "the fake Twilio to accept every SMS");
    var elapsed = clock.Elapsed;
    var machineAfter = MachineCpu();
    await publishing;
    await WaitForAsync(() => Volatile.Read(ref sentCount) - sentBefore >= count, "every NotificationSent");
    var outbox = clock.Elapsed;
    // CPU up to the last NotificationSent, so that the outbox relay's share is in the Dispatcher's figure.
    return new Measure(count / elapsed.TotalSeconds, outbox.TotalSeconds, (CpuNow() - cpu) / count, Busy(machine, machineAfter));
}

// SMS commands as the Notifier writes them for a Korean guest without the app (number, text and name sealed): distinct
// numbers throughout the run.
List<SendNotification> Commands(int count)
{
    var first = batch++ * 1_000_000;
    var now = DateTimeOffset.UtcNow;
    return Enumerable.Range(first, count).Select(i =>
    {
        var phone = $"+8210{i:D8}";
        const string text = "Xin chao Min-jun Kim, chao mung den Ha Noi. Hay cai dat Bluezone: https://bluezone.gov.vn";
        return new SendNotification(NewId.NextSequentialGuid(), $"bench-{i}", "ko", Triggers.CheckIn, "01", "H-bench", now,
            Phone: cipher.Protect(phone), SmsText: cipher.Protect(text), SmsTextParts: 1, GuestName: cipher.Protect("Min-jun Kim"),
            ProvinceName: "Ha Noi", ReportText: text.Replace("Min-jun Kim", "M*** K***", StringComparison.Ordinal));
    }).ToList();
}

// Publishes with up to 64 confirms outstanding, so that publishing is never the slower side.
static async Task PublishAsync(IBus target, IReadOnlyList<SendNotification> commands)
{
    using var window = new SemaphoreSlim(64);
    var pending = new List<Task>(commands.Count);
    foreach (var command in commands)
    {
        await window.WaitAsync();
        pending.Add(PublishOneAsync(command));
    }
    await Task.WhenAll(pending);

    async Task PublishOneAsync(SendNotification command)
    {
        try { await target.Publish(command); }
        finally { window.Release(); }
    }
}

// What the broker itself says the consumer of QUEUE prefetches (MassTransit's defaults are easy to guess wrong).
static async Task<int[]> PrefetchAsync(RabbitVirtualHost host, string queue)
{
    for (var i = 0; i < 100; i++, await Task.Delay(200))
    {
        // The management API's statistics lag by a few seconds.
        var details = await host.Management.GetFromJsonAsync<JsonElement>($"queues/{Uri.EscapeDataString(host.Name)}/{queue}");
        if (details.TryGetProperty("consumer_details", out var consumers) && consumers.GetArrayLength() > 0)
            return consumers.EnumerateArray().Select(c => c.GetProperty("prefetch_count").GetInt32()).ToArray();
    }
    throw new TimeoutException($"no consumer on {queue}");
}

static IBusControl CreateBus(RabbitVirtualHost host, Action<IRabbitMqBusFactoryConfigurator> configure) =>
    Bus.Factory.CreateUsingRabbitMq(cfg =>
    {
        cfg.Host(host.Host, ushort.Parse(host.Port, CultureInfo.InvariantCulture), host.Name, h =>
        {
            h.Username(host.User);
            h.Password(host.Password);
            h.PublisherConfirmation = true;
        });
        configure(cfg);
    });

static async Task WaitForAsync(Func<bool> done, string what)
{
    var deadline = Stopwatch.StartNew();
    while (!done())
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"waiting for {what}");
        await Task.Delay(2);
    }
}

// CPU time so far of the Dispatcher, of this run's PostgreSQL and RabbitMQ (each the process tree under the server that
// bench.sh started in GEOFENCE_BENCH_RUN_DIR; other people's servers on the machine are not counted) and of this process.
CpuShare CpuNow()
{
    var processes = new Dictionary<int, (int Parent, double Ms)>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
        try
        {
            var stat = File.ReadAllText($"{dir}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime + stime, in clock ticks of 10 ms
            processes[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0);
        }
        catch (IOException) { } // gone meanwhile
    }
    var runDir = Environment.GetEnvironmentVariable("GEOFENCE_BENCH_RUN_DIR");
    double Tree(string? marker)
    {
        if (string.IsNullOrEmpty(runDir) || marker is null) return double.NaN;
        var roots = processes.Keys.Where(pid =>
        {
            try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains(marker, StringComparison.Ordinal); }
            catch (IOException) { return false; }
        }).ToHashSet();
        bool Under(int pid) { for (var p = pid; p > 1 && processes.ContainsKey(p); p = processes[p].Parent) if (roots.Contains(p)) return true; return false; }
        return processes.Where(p => Under(p.Key)).Sum(p => p.Value.Ms);
    }
    return new CpuShare(processes.GetValueOrDefault(dispatcherPid).Ms, Tree(runDir + "/postgres."), Tree(runDir + "/rabbitmq."),
        processes.GetValueOrDefault(Environment.ProcessId).Ms);
}

static double Busy((double Idle, double Total) before, (double Idle, double Total) after) =>
    1 - (after.Idle - before.Idle) / (after.Total - before.Total);

static (double Idle, double Total) MachineCpu()
{
    var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
    return (ticks[3] + ticks[4], ticks.Take(8).Sum()); // idle + iowait; user … steal
}

async Task<long> ScalarAsync(string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

string? TextArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"dispatcher benchmark: {message}");
    return 1;
}

internal sealed record Measure(double Rate, double OutboxSeconds, CpuShare Cpu, double MachineBusy);

/// <summary>CPU milliseconds by process: a reading, or per message once divided.</summary>
internal sealed record CpuShare(double Dispatcher, double Postgres, double RabbitMq, double Benchmark)
{
    public double Total => Dispatcher + Postgres + RabbitMq + Benchmark;

    public static CpuShare operator -(CpuShare a, CpuShare b) =>
        new(a.Dispatcher - b.Dispatcher, a.Postgres - b.Postgres, a.RabbitMq - b.RabbitMq, a.Benchmark - b.Benchmark);

    public static CpuShare operator /(CpuShare a, int count) =>
        new(a.Dispatcher / count, a.Postgres / count, a.RabbitMq / count, a.Benchmark / count);

    public static CpuShare Median(IEnumerable<CpuShare> shares)
    {
        var all = shares.ToList();
        return new CpuShare(Mid(all.Select(s => s.Dispatcher)), Mid(all.Select(s => s.Postgres)), Mid(all.Select(s => s.RabbitMq)),
            Mid(all.Select(s => s.Benchmark)));
    }

    public string Row(int cores) => FormattableString.Invariant(
        $"{Dispatcher:N2} | {Postgres:N2} | {RabbitMq:N2} | {Benchmark:N2} | {Total:N2} | {cores * 1000 / Total:N0}/s");

    public override string ToString() => FormattableString.Invariant(
        $"Dispatcher {Dispatcher:N2}, PostgreSQL {Postgres:N2}, RabbitMQ {RabbitMq:N2}, this process {Benchmark:N2}");

    private static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
