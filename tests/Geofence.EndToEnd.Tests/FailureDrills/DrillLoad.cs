using System.Collections.Concurrent;
using System.Net;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests.FailureDrills;

/// <summary>
/// A drill's traffic, sent as a PMS and a location feed send it: guests checking in at one hotel and devices walking from
/// China into Lào Cai, every request retried (same body, same Idempotency-Key) on a 503 or a connection that failed
/// until it is answered 2xx. Afterwards it counts what reached the sandbox provider against what was accepted.
/// </summary>
public sealed class DrillLoad
{
    private static readonly (double Lat, double Lon) China = (23.40, 103.70), SaPa = (22.3364, 103.8438);
    private const int PingsPerRequest = 10;
    private readonly GeofenceApi api;
    private readonly string propertyId, hotelKey, feedKey;
    private readonly string[] phones, devices;
    private readonly DateTimeOffset walkStart = DateTimeOffset.UtcNow.AddHours(-4);
    private TimeSpan drained;

    private DrillLoad(GeofenceApi api, string propertyId, string hotelKey, string feedKey, string[] phones, string[] devices) =>
        (this.api, this.propertyId, this.hotelKey, this.feedKey, this.phones, this.devices) = (api, propertyId, hotelKey, feedKey, phones, devices);

    /// <summary>Full size under GEOFENCE_TEST_DRILLS=1 (1,000 check-ins, 20,000 pings), else a tenth of it.</summary>
    public static (int CheckIns, int Pings) Size => TestInfrastructure.Drills ? (1_000, 20_000) : (100, 2_000);

    public ConcurrentBag<string> AcceptedPhones { get; } = [];
    public int Devices => devices.Length;
    public int AcceptedPings;
    public int Refusals;

    /// <summary>Registers the hotel, the feed and its devices (one device per 200 pings, at least one).</summary>
    public static async Task<DrillLoad> PrepareAsync(GeofenceApi api, bool withPings = true)
    {
        var (checkIns, pings) = Size;
        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotelKey = await api.RegisterHotelAsync(propertyId, "22");
        var phones = new HashSet<string>();
        while (phones.Count < checkIns) phones.Add(Guests.NewKoreanPhone());
        var devices = withPings ? Enumerable.Range(0, Math.Max(1, pings / 200)).Select(i => $"drill-{i}-{Guid.NewGuid():N}"[..24]).ToArray() : [];
        var feedKey = withPings ? await api.RegisterFeedAsync($"app-{Guid.NewGuid():N}"[..16]) : "";
        foreach (var device in devices) await api.RegisterDeviceAsync(feedKey, device, pushToken: $"token-{device}");
        return new DrillLoad(api, propertyId, hotelKey, feedKey, phones.ToArray(), devices);
    }

    /// <summary>
    /// Sends everything, check-ins and pings side by side, in <c>breaks.Length + 1</c> equal stretches: at the end of
    /// stretch k both senders wait for <c>breaks[k]</c>, which the drill completes once it has broken something, so that
    /// traffic flows through every outage however long the previous one took to recover.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<Task> breaks, CancellationToken ct)
    {
        Task BreakAt(int done, int total)
        {
            var stretch = Math.Max(1, total / (breaks.Count + 1));
            return done > 0 && done % stretch == 0 && done / stretch <= breaks.Count ? breaks[done / stretch - 1] : Task.CompletedTask;
        }
        var checkIns = Task.Run(async () =>
        {
            foreach (var (phone, i) in phones.Select((p, i) => (p, i)))
            {
                await BreakAt(i, phones.Length).WaitAsync(ct);
                var body = Guests.CheckIn(propertyId, phone, reservationId: $"R-{phone}");
                await RetryAsync(() => api.PostCheckInAsync(hotelKey, body, $"drill-{phone}"), ct);
                AcceptedPhones.Add(phone);
            }
        }, ct);
        var pingsPerDevice = devices.Length == 0 ? 0 : Size.Pings / devices.Length;
        var pings = Task.Run(async () =>
        {
            // Each request carries one step of ten devices; each device crosses the border halfway through its walk.
            for (var step = 0; step < pingsPerDevice; step++)
            {
                await BreakAt(step, pingsPerDevice).WaitAsync(ct);
                foreach (var group in devices.Chunk(PingsPerRequest))
                {
                    var (lat, lon) = step < pingsPerDevice / 2 ? China : SaPa;
                    var batch = group.Select(d => new
                    {
                        subjectId = d, lat = lat + step * 0.00001, lon, accuracyMeters = 15.0,
                        at = walkStart.AddSeconds(step * 30).ToString("O"),
                    }).ToArray();
                    await RetryAsync(() => api.PostAsFeedAsync(feedKey, "/api/v1/locations", new { pings = batch }), ct);
                    Interlocked.Add(ref AcceptedPings, batch.Length);
                }
            }
        }, ct);
        await Task.WhenAll(checkIns, pings);
    }

    private async Task RetryAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var response = await send();
                if (response.IsSuccessStatusCode) return;
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"{(int)response.StatusCode} during the drill: {await response.Content.ReadAsStringAsync(ct)}");
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            Interlocked.Increment(ref Refusals);
            await Task.Delay(250, ct);
        }
    }

    /// <summary>
    /// Waits until every accepted guest has an SMS and every device its arrival push in the sandbox provider (or the
    /// patience runs out), then counts: what was sent, who was lost (accepted, never sent, even at the final count), who
    /// got more than one. How long the last message took after the load ended goes into <see cref="Figures"/>.
    /// </summary>
    public async Task<(int Sent, int Lost, int Doubled)> CountAsync(TimeSpan within)
    {
        var waiting = new HashSet<string>(AcceptedPhones);
        var waitingDevices = new HashSet<string>(devices);
        var started = DateTime.UtcNow;
        var deadline = started + within;
        while ((waiting.Count > 0 || waitingDevices.Count > 0) && DateTime.UtcNow < deadline)
        {
            foreach (var phone in waiting.ToArray())
                if ((await api.SandboxMessagesAsync(phone)).Length > 0) waiting.Remove(phone);
            foreach (var device in waitingDevices.ToArray())
                if ((await api.SandboxMessagesForDeviceAsync(device)).Length > 0) waitingDevices.Remove(device);
            await Task.Delay(500);
        }
        drained = DateTime.UtcNow - started;
        await Task.Delay(2000);
        int sent = 0, lost = 0, doubled = 0;
        foreach (var phone in AcceptedPhones)
        {
            var messages = (await api.SandboxMessagesAsync(phone)).Length;
            sent += messages;
            if (messages == 0) lost++;
            if (messages > 1 || (await api.NotificationsAsync(phone)).Length > 1) doubled++;
        }
        foreach (var device in devices)
        {
            var messages = (await api.SandboxMessagesForDeviceAsync(device)).Length;
            sent += messages;
            if (messages == 0) lost++;
            if (messages > 1) doubled++;
        }
        return (sent, lost, doubled);
    }

    /// <summary>One line of the drill table, printed to the test's output.</summary>
    public string Figures(string drill, int sent, int lost, int doubled, string recovery) =>
        $"drill {drill}: accepted {AcceptedPhones.Count} check-ins + {AcceptedPings} pings ({Refusals} refusals retried), " +
        $"sent {sent} (the last {drained.TotalSeconds:F0} s after the load ended), lost {lost}, doubled {doubled}, recovery {recovery}";
}
