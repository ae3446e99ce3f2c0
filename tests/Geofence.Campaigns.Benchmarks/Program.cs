using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Geofence.Contracts;
using Geofence.Privacy;
using Geofence.Testing;
using Geofence.Testing.Providers;
using MassTransit;

// Campaigns at scale, every service in its own process on a throwaway RabbitMQ + PostgreSQL (bench.sh starts them):
// (i) a 1,000,000-person audience uploaded as a streamed CSV (rows/s, the Notifier's peak RSS), then a campaign to it:
//     how long planning takes (round 1's planned count reaches the audience; target < 60 s) and the Notifier's peak RSS
//     (VmHWM; target < 500 MB);
// (ii) the campaign's sustained sends/s to a zero-latency fake Twilio at MaxPerSecond R, as a share of
//     min(R × the campaign share 0.8, the Dispatcher's own ceiling), target ≥ 80 %. The ceiling is measured in the same
//     run, the way the Dispatcher benchmark does: SendNotification commands published straight at a Dispatcher of its
//     own (own virtual host and database) whose provider quota is out of the way.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        bash infra/bench.sh campaign [--people N] [--rate R] [--seconds S] [--ceiling-messages N] [--env KEY=VALUE]...
          --people N             people in the uploaded audience (1000000)
          --rate R               the fake SMS provider's Channels__Twilio__MaxPerSecond (250); a campaign may use 0.8 of it
          --seconds S            how long the campaign's sustained rate is measured, after 5 s of settling (30)
          --ceiling-messages N   SendNotification commands for the Dispatcher's ceiling, after 1,000 to warm up (5000)
          --env KEY=VALUE        a setting for every service process (repeatable), e.g. Campaigns__InFlight=2000
        """);
    return 0;
}
var people = Arg("--people", 1_000_000);
var rate = Arg("--rate", 250);
var seconds = Arg("--seconds", 30);
var ceilingMessages = Arg("--ceiling-messages", 5000);
const double CampaignShare = 0.8; // Campaigns__MaxShareOfProviderRate's default
var extra = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i++)
    if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var key, var value]) extra[key] = value;
if (TestInfrastructure.PostgresAdminConnectionString is null) return Fail("run through `bash infra/bench.sh campaign`");

var total = Stopwatch.StartNew();
void Progress(string line) => Console.Error.WriteLine(FormattableString.Invariant($"[{total.Elapsed:mm\\:ss}] {line}"));

// (ii, baseline) The Dispatcher's own ceiling, before the campaign's processes start, so that they do not share the CPU.
Progress($"measuring the Dispatcher's ceiling with {ceilingMessages:N0} SendNotification commands");
var ceiling = await DispatcherCeilingAsync(ceilingMessages);
Progress(FormattableString.Invariant($"Dispatcher ceiling: {ceiling.Arrivals:N0}/s on the arrival lane, {ceiling.Campaign:N0}/s on the campaign lane"));

await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
await using var database = await TestInfrastructure.CreateDatabaseAsync();
await using var twilio = await FakeTwilio.StartAsync();
const string AdminKey = "bench-admin-key-0123456789abcdefghijklmnop";
var environment = virtualHost.BusSettings.Concat(database.DatabaseSettings).ToDictionary();
environment["Auth__BootstrapAdminKey"] = AdminKey;
environment["Privacy__PhoneHashKey"] = "bench";
environment["Channels__Sms__Provider"] = "Twilio";
environment["Channels__Twilio__AccountSid"] = twilio.AccountSid;
environment["Channels__Twilio__AuthToken"] = twilio.AuthToken;
environment["Channels__Twilio__From"] = "GEOFENCE";
environment["Channels__Twilio__BaseUrl"] = twilio.Server.BaseUrl;
environment["Channels__Twilio__MaxPerSecond"] = rate.ToString(CultureInfo.InvariantCulture);
foreach (var (key, value) in extra) environment[key] = value;

Progress("starting Admin, then the Notifier and the Dispatcher");
await using var admin = await ServiceProcess.StartAsync("Geofence.Admin", environment);
await using var notifier = await ServiceProcess.StartAsync("Geofence.Notifier", environment);
await using var dispatcher = await ServiceProcess.StartAsync("Geofence.Dispatcher", environment);
using var adminClient = admin.CreateClient();
var api = new GeofenceApi(adminClient, adminClient, adminClient, AdminKey);
await api.PutPolicyAsync(new
{
    note = "benchmark: campaigns at any hour",
    app = new { name = "Bluezone", androidUrl = "https://play.google.com/store/apps/details?id=com.mic.bluezone", iosUrl = "https://apps.apple.com/vn/app/bluezone/id1508062685" },
    quietHours = new { start = "22:00", end = "07:00", timeZone = "Asia/Ho_Chi_Minh", channels = Array.Empty<string>(), triggers = Array.Empty<string>() },
    caps = new { per24Hours = 10, per30Days = 30 },
    reminders = new { after = "P1D", max = 0, visitEndsAfter = "P3D" },
});
using var notifierClient = new HttpClient { BaseAddress = notifier.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
var campaigns = new CampaignApi(notifierClient, AdminKey);

// (i) The upload, streamed as it is written: this process never holds the whole CSV either.
Progress($"uploading {people:N0} people as CSV");
var clock = Stopwatch.StartNew();
var audience = await campaigns.UploadAudienceAsync("Benchmark residents", new GeneratedCsv(people, written =>
    Progress(FormattableString.Invariant($"upload: {written:N0} rows written, {written / clock.Elapsed.TotalSeconds:N0} rows/s, Notifier peak RSS {Mb(notifier.PeakResidentBytes())}"))));
var uploadSeconds = clock.Elapsed.TotalSeconds;
var rssAfterUpload = notifier.PeakResidentBytes();
if (audience.Accepted != people) return Fail($"the audience accepted {audience.Accepted} of {people} rows ({audience.RejectedCount} rejected)");
Progress(FormattableString.Invariant($"uploaded in {uploadSeconds:N1} s ({people / uploadSeconds:N0} rows/s); Notifier peak RSS {Mb(rssAfterUpload)}"));

clock.Restart();
var campaignId = await campaigns.CreateCampaignAsync(audience.AudienceId, channels: ["sms"], name: "Benchmark");
var createSeconds = clock.Elapsed.TotalSeconds;
CampaignView view;
var lastProgress = TimeSpan.Zero;
while (true)
{
    view = await campaigns.CampaignAsync(campaignId);
    if (view.Round(1) is { } r && (r.Planned >= people || r.Status is not "planning")) break;
    if (view.Status is "done" or "cancelled") return Fail($"the campaign ended while planning: {view.Status}");
    if (clock.Elapsed > TimeSpan.FromMinutes(15)) return Fail($"planning did not finish within 15 minutes: {view.Round(1)}");
    if (clock.Elapsed - lastProgress > TimeSpan.FromSeconds(3))
    {
        lastProgress = clock.Elapsed;
        Progress(FormattableString.Invariant($"planning: {view.Round(1)?.Planned ?? 0:N0} of {people:N0} planned, {twilio.Recipients.Total:N0} sent, Notifier peak RSS {Mb(notifier.PeakResidentBytes())}"));
    }
    await Task.Delay(200);
}
var planningSeconds = clock.Elapsed.TotalSeconds;
var planned = view.Round(1)!.Planned;
var rssAfterPlanning = notifier.PeakResidentBytes();
Progress(FormattableString.Invariant($"planned {planned:N0} in {planningSeconds:N1} s; Notifier peak RSS {Mb(rssAfterPlanning)}"));

// (ii) The sustained rate, once sending has settled.
await Task.Delay(TimeSpan.FromSeconds(5));
var (startCount, startTime) = (twilio.Recipients.Total, Stopwatch.GetTimestamp());
for (var elapsed = 0; elapsed < seconds; elapsed += 5)
{
    await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, seconds - elapsed)));
    Progress(FormattableString.Invariant($"sending: {(twilio.Recipients.Total - startCount) / Stopwatch.GetElapsedTime(startTime).TotalSeconds:N0} sends/s so far, {twilio.Recipients.Total:N0} sent"));
}
var sustained = (twilio.Recipients.Total - startCount) / Stopwatch.GetElapsedTime(startTime).TotalSeconds;
var beforeCancel = await campaigns.CampaignAsync(campaignId);
await campaigns.CancelAsync(campaignId);
var peakRss = notifier.PeakResidentBytes();
var duplicates = twilio.Recipients.Messages.GroupBy(m => m.Phone).Count(g => g.Count() > 1);

var target = Math.Min(rate * CampaignShare, ceiling.Arrivals);
var share = sustained / target;
const double MaxRssMb = 500;
string Met(bool met) => met ? "MET" : "NOT MET";
var report = FormattableString.Invariant($"""
    ## Campaigns at scale (RabbitMQ + PostgreSQL, Admin, Notifier and Dispatcher each in their own process, {Environment.ProcessorCount} cores)

    {people:N0} people uploaded as CSV; the campaign to them sends SMS to a zero-latency fake Twilio with MaxPerSecond {rate:N0}
    (a campaign may use {CampaignShare:P0} of it); settings: {(extra.Count == 0 ? "defaults" : string.Join(", ", extra.Select(p => $"{p.Key}={p.Value}")))}.

    | measure | figure | target | |
    |---|---|---|---|
    | upload: rows accepted per second | {people / uploadSeconds:N0} ({uploadSeconds:N1} s) | — | |
    | Notifier peak RSS after the upload | {Mb(rssAfterUpload)} | < {MaxRssMb:N0} MB | {Met(rssAfterUpload < MaxRssMb * 1024 * 1024)} |
    | POST /api/v1/campaigns answered in | {createSeconds * 1000:N0} ms | at once | |
    | planning: round 1 planned {planned:N0} people in | {planningSeconds:N1} s | < 60 s | {Met(planningSeconds < 60 && planned >= people)} |
    | Notifier peak RSS, upload to the end | {Mb(peakRss)} | < {MaxRssMb:N0} MB | {Met(peakRss < MaxRssMb * 1024 * 1024)} |
    | campaign sustained sends/s over {seconds} s | {sustained:N0} | — | |
    | the provider's rate × {CampaignShare:N1} | {rate * CampaignShare:N0} | — | |
    | the Dispatcher's ceiling (SendNotification, {ceilingMessages:N0} commands) | {ceiling.Arrivals:N0} | — | |
    | the Dispatcher's ceiling on the campaign lane (SendCampaignNotification) | {(double.IsNaN(ceiling.Campaign) ? "not measured" : ceiling.Campaign.ToString("N0", CultureInfo.InvariantCulture))} | — | |
    | campaign ÷ min(rate × {CampaignShare:N1}, Dispatcher ceiling) | {share:P0} | ≥ 80 % | {Met(share >= 0.8)} |

    - round 1 when cancelled: {beforeCancel.Round(1)}
    - {twilio.Recipients.Total:N0} SMS accepted by the fake, {duplicates} numbers more than once
    """);
Console.WriteLine(report);
Directory.CreateDirectory("BenchmarkDotNet.Artifacts/results");
File.WriteAllText("BenchmarkDotNet.Artifacts/results/campaign.md", report);
return duplicates == 0 ? 0 : Fail($"{duplicates} numbers got more than one SMS");

// SendNotification (and then SendCampaignNotification) commands straight at a Dispatcher of its own whose Twilio quota
// is out of the way: messages/s from the first publish to the fake's last acceptance, after a warm-up.
async Task<(double Arrivals, double Campaign)> DispatcherCeilingAsync(int count)
{
    await using var host = await TestInfrastructure.CreateVirtualHostAsync();
    await using var db = await TestInfrastructure.CreateDatabaseAsync();
    await using var fake = await FakeTwilio.StartAsync();
    var settings = host.BusSettings.Concat(db.DatabaseSettings).ToDictionary();
    settings["Auth__BootstrapAdminKey"] = AdminKey;
    settings["Privacy__PhoneHashKey"] = "bench-ceiling";
    settings["Channels__Sms__Provider"] = "Twilio";
    settings["Channels__Twilio__AccountSid"] = fake.AccountSid;
    settings["Channels__Twilio__AuthToken"] = fake.AuthToken;
    settings["Channels__Twilio__From"] = "GEOFENCE";
    settings["Channels__Twilio__BaseUrl"] = fake.Server.BaseUrl;
    settings["Channels__Twilio__MaxPerSecond"] = "1000000"; // the Dispatcher's ceiling, not the quota guard's
    foreach (var (key, value) in extra) settings[key] = value;
    await using var ceilingDispatcher = await ServiceProcess.StartAsync("Geofence.Dispatcher", settings);
    var cipher = new FieldCipher("bench-ceiling");
    var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(host.Host, ushort.Parse(host.Port, CultureInfo.InvariantCulture), host.Name, h =>
    {
        h.Username(host.User);
        h.Password(host.Password);
        h.PublisherConfirmation = true;
    }));
    await bus.StartAsync();
    try
    {
        var batch = 0;
        await MeasureAsync(1000, c => c);
        var arrivals = await MeasureAsync(count, c => c);
        double campaign;
        try
        {
            campaign = await MeasureAsync(count, c => new SendCampaignNotification(c with
            {
                Trigger = Triggers.Campaign,
                CampaignId = Guid.NewGuid(),
                CampaignRound = 1,
                AllowedChannels = ["sms"],
            }));
        }
        catch (TimeoutException e)
        {
            Progress($"the campaign lane's ceiling is not measured: {e.Message}");
            campaign = double.NaN;
        }
        return (arrivals, campaign);

        async Task<double> MeasureAsync<T>(int n, Func<SendNotification, T> wrap) where T : class
        {
            var before = fake.Recipients.Total;
            var first = batch++ * 1_000_000;
            var commands = Enumerable.Range(first, n).Select(i => wrap(Command(cipher, i))).ToList();
            var watch = Stopwatch.StartNew();
            using var window = new SemaphoreSlim(64);
            var pending = new List<Task>(n);
            foreach (var command in commands)
            {
                await window.WaitAsync();
                pending.Add(PublishOneAsync(command));
            }
            while (fake.Recipients.Total - before < n)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(2))
                    throw new TimeoutException($"the ceiling Dispatcher sent {fake.Recipients.Total - before} of {n} {typeof(T).Name} in 2 minutes");
                await Task.Delay(2);
            }
            var rateMeasured = n / watch.Elapsed.TotalSeconds;
            await Task.WhenAll(pending);
            return rateMeasured;

            async Task PublishOneAsync(T command)
            {
                try { await bus.Publish(command); }
                finally { window.Release(); }
            }
        }
    }
    finally
    {
        await bus.StopAsync();
    }
}

// An SMS command as the Notifier writes it (number, text and name sealed), to a distinct Vietnamese number.
static SendNotification Command(FieldCipher cipher, int i)
{
    var phone = $"+8491{i:D7}";
    const string text = "So Y te Ha Noi: hay cai dat Bluezone de bao ve ban va gia dinh: https://bluezone.gov.vn";
    return new SendNotification(NewId.NextSequentialGuid(), $"bench-{i}", "vi", Triggers.CheckIn, "01", null, DateTimeOffset.UtcNow,
        Phone: cipher.Protect(phone), SmsText: cipher.Protect(text), SmsTextParts: 1, GuestName: cipher.Protect("Nguyen Van A"),
        ProvinceName: "Ha Noi", ReportText: text);
}

static string Mb(long? bytes) => bytes is { } b ? FormattableString.Invariant($"{b / 1024.0 / 1024.0:N0} MB") : "n/a";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"campaign benchmark: {message}");
    return 1;
}

/// <summary>
/// The audience CSV (<c>phone,language,name</c>), written as it is sent (chunked), so that neither side holds it whole;
/// reports every 100,000 rows.
/// </summary>
internal sealed class GeneratedCsv : HttpContent
{
    private readonly int rows;
    private readonly Action<int> progress;

    public GeneratedCsv(int rows, Action<int> progress)
    {
        (this.rows, this.progress) = (rows, progress);
        Headers.ContentType = new("text/csv") { CharSet = "utf-8" };
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteAsync("phone,language,name\n");
        for (var i = 0; i < rows; i++)
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"+8490{i:D7},vi,Nguyễn Văn {i}\n"));
            if ((i + 1) % 100_000 == 0) progress(i + 1);
        }
        await writer.FlushAsync();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
