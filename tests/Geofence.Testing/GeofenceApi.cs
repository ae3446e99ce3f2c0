using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Geofence.Testing;

public sealed record NotificationItem(Guid Id, string? Trigger, string? Channel, string? Provider, string? Language,
    string Status, string? Reason, string? ProvinceCode, string? PropertyId, string? DeviceId, string? Text, int SmsParts,
    DateTime? CreatedAt, DateTime? SentAt, int? TemplateVersion = null, int InstallClicks = 0, DateTime? DueAt = null, Guid? CampaignId = null);

public sealed record NotificationPage(NotificationItem[] Items, string? Next);

public sealed record OptOutItem(string PersonKey, bool Active, string? Source, string? Code, string? Note, DateTime? OptedOutAt, DateTime? LiftedAt);

public sealed record OptOutPage(OptOutItem[] Items, string? Next);

public sealed record SandboxItem(Guid NotificationId, string Channel, string Recipient, string Language, string Text,
    int SmsParts, DateTime RecordedAt);

public sealed record SandboxPage(SandboxItem[] Items, string? Next);

/// <summary>
/// The public HTTP API as the department and hotels use it. In the embedded default the three base addresses are
/// the same; in production each service has its own.
/// </summary>
public sealed class GeofenceApi(HttpClient admin, HttpClient ingest, HttpClient dispatcher, string adminKey, params HttpClient[] detectors)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public string AdminKey => adminKey;
    public HttpClient AdminClient => admin;
    public HttpClient Ingest => ingest;
    public HttpClient Dispatcher => dispatcher;

    public async Task<string> RegisterHotelAsync(string propertyId, string provinceCode = "22", string name = "Test Hotel")
    {
        using var request = Admin(HttpMethod.Post, "/api/v1/hotels");
        request.Content = JsonContent.Create(new { propertyId, name, provinceCode });
        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await IssuedKeyAsync(response);
    }

    /// <summary>
    /// The key from the answer that issued it. Admin answers only once Ingest has confirmed the key, so no test waits for
    /// it: every test that uses a hotel or feed right after registering it proves that a key handed out works at once.
    /// </summary>
    private static async Task<string> IssuedKeyAsync(HttpResponseMessage registered) =>
        (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;

    public async Task<HttpResponseMessage> PostCheckInAsync(string hotelKey, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkins") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", hotelKey);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await ingest.SendAsync(request);
    }

    public async Task<Guid> CheckInAsync(string hotelKey, object body, string? idempotencyKey = null)
    {
        using var response = await PostCheckInAsync(hotelKey, body, idempotencyKey);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkinId").GetGuid();
    }

    /// <summary>Saves the department's messaging policy (the whole of it: a partial one is refused).</summary>
    public async Task PutPolicyAsync(object policy)
    {
        using var request = Admin(HttpMethod.Put, "/api/v1/policy");
        request.Content = JsonContent.Create(policy);
        using var response = await admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<NotificationItem[]> NotificationsAsync(string phone)
    {
        using var request = Admin(HttpMethod.Get, $"/api/v1/notifications?phone={Uri.EscapeDataString(phone)}&limit=500");
        using var response = await admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<NotificationPage>())!.Items;
    }

    /// <summary>One page (at most <paramref name="limit"/>) of the report's rows for a campaign's messages.</summary>
    public async Task<NotificationPage> CampaignNotificationsAsync(Guid campaignId, int limit = 500, string? cursor = null)
    {
        var query = $"/api/v1/notifications?campaignId={campaignId}&limit={limit}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}";
        using var request = Admin(HttpMethod.Get, query);
        using var response = await admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {query} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<NotificationPage>())!;
    }

    public async Task<SandboxItem[]> SandboxMessagesAsync(string phone)
    {
        using var request = Admin(HttpMethod.Get, $"/api/v1/sandbox/messages?phone={Uri.EscapeDataString(phone)}&limit=500");
        using var response = await dispatcher.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SandboxPage>())!.Items;
    }

    /// <summary>Waits until the guest's notification has reached a final status and returns the guest's notifications.</summary>
    public Task<NotificationItem[]> SettledNotificationsAsync(string phone) =>
        EventuallyAsync(() => NotificationsAsync(phone),
            items => items.Length > 0 && items.All(n => n.Status is not "pending" && n.Text is not null || n.Status == "suppressed"),
            $"a settled notification for {phone}");

    public async Task<string> RegisterFeedAsync(string feedId, string kind = "app")
    {
        using var request = Admin(HttpMethod.Post, "/api/v1/feeds");
        request.Content = JsonContent.Create(new { feedId, name = $"Feed {feedId}", kind });
        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await IssuedKeyAsync(response);
    }

    public Task<HttpResponseMessage> PostAsFeedAsync(string feedKey, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", feedKey);
        return ingest.SendAsync(request);
    }

    public async Task RegisterDeviceAsync(string feedKey, string deviceId, string? pushToken, string language = "en",
        string? phone = null, bool bluezoneInstalled = false)
    {
        using var response = await PostAsFeedAsync(feedKey, "/api/v1/devices",
            new { deviceId, platform = "android", pushToken, language, phone, bluezoneInstalled });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task PingAsync(string feedKey, params Ping[] pings)
    {
        using var response = await PostAsFeedAsync(feedKey, "/api/v1/locations", new
        {
            pings = pings.Select(p => new { subjectId = p.SubjectId, lat = p.Lat, lon = p.Lon, accuracyMeters = p.AccuracyMeters, at = p.At.ToString("O") }),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Imports the real 34 post-2025 province boundaries (from ../shared/geo-data, never copied into the project) and
    /// the built-in points of entry, and waits until every Detector detects against them.
    /// </summary>
    public async Task ImportRealGeofencesAsync()
    {
        var file = Path.Combine(GeoData.Folder, "vn-provinces-34-2025.geojson");
        if (!File.Exists(file)) Assert.Skip($"Real boundaries not found at {file}; set GEOFENCE_GEO_DATA.");
        using var provinces = Admin(HttpMethod.Post, "/api/v1/geofences/import?kind=province&codeProperty=code&nameProperty=name_vi");
        provinces.Content = new StreamContent(File.OpenRead(file));
        provinces.Content.Headers.ContentType = new("application/geo+json");
        using var imported = await admin.SendAsync(provinces);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        using var entries = Admin(HttpMethod.Post, "/api/v1/geofences/points-of-entry/builtin");
        using var importedEntries = await admin.SendAsync(entries);
        Assert.Equal(HttpStatusCode.Created, importedEntries.StatusCode);
        var expected = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32()
                       + (await importedEntries.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32();
        foreach (var detector in detectors)
        {
            await EventuallyAsync(async () =>
            {
                using var status = Admin(HttpMethod.Get, "/api/v1/detector/geofences");
                using var answer = await detector.SendAsync(status);
                return answer.IsSuccessStatusCode ? (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fences").GetInt32() : -1;
            }, fences => fences == expected, $"the Detector to detect against {expected} fences");
        }
    }

    /// <summary>
    /// Imports one real boundary file of ../shared/geo-data as province fences (read where it is, never copied) and
    /// waits until every Detector detects against the whole set; returns how many fences that is.
    /// </summary>
    public async Task<int> ImportProvinceFileAsync(string fileName)
    {
        var file = Path.Combine(GeoData.Folder, fileName);
        if (!File.Exists(file)) Assert.Skip($"Real boundaries not found at {file}; set GEOFENCE_GEO_DATA.");
        using var provinces = Admin(HttpMethod.Post, "/api/v1/geofences/import?kind=province&codeProperty=code&nameProperty=name_vi");
        provinces.Content = new StreamContent(File.OpenRead(file));
        provinces.Content.Headers.ContentType = new("application/geo+json");
        using var imported = await admin.SendAsync(provinces);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var expected = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32();
        foreach (var detector in detectors)
        {
            await EventuallyAsync(async () =>
            {
                using var status = Admin(HttpMethod.Get, "/api/v1/detector/geofences");
                using var answer = await detector.SendAsync(status);
                return answer.IsSuccessStatusCode ? (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fences").GetInt32() : -1;
            }, fences => fences == expected, $"the Detector to detect against {expected} fences");
        }
        return expected;
    }

    public async Task<NotificationItem[]> NotificationsForDeviceAsync(string deviceId)
    {
        using var request = Admin(HttpMethod.Get, $"/api/v1/notifications?deviceId={Uri.EscapeDataString(deviceId)}&limit=500");
        using var response = await admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<NotificationPage>())!.Items;
    }

    public async Task<SandboxItem[]> SandboxMessagesForDeviceAsync(string deviceId)
    {
        using var request = Admin(HttpMethod.Get, $"/api/v1/sandbox/messages?deviceId={Uri.EscapeDataString(deviceId)}&limit=500");
        using var response = await dispatcher.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SandboxPage>())!.Items;
    }

    public async Task<HttpResponseMessage> RecordOptOutAsync(string phone, string? note = null)
    {
        using var request = Admin(HttpMethod.Post, "/api/v1/opt-outs");
        request.Content = JsonContent.Create(new { phone, note });
        return await admin.SendAsync(request);
    }

    public async Task<HttpResponseMessage> LiftOptOutAsync(string phone)
    {
        using var request = Admin(HttpMethod.Delete, $"/api/v1/opt-outs?phone={Uri.EscapeDataString(phone)}");
        return await admin.SendAsync(request);
    }

    public async Task<OptOutItem[]> OptOutsAsync(string? phone = null, bool all = false)
    {
        var query = $"?all={(all ? "true" : "false")}{(phone is null ? "" : $"&phone={Uri.EscapeDataString(phone)}")}";
        using var request = Admin(HttpMethod.Get, $"/api/v1/opt-outs{query}");
        using var response = await admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OptOutPage>())!.Items;
    }

    public HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", adminKey);
        return request;
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Patience);
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"Timed out waiting for {what}; last seen: {JsonSerializer.Serialize(last)}");
        return last;
    }
}

public sealed record Ping(string SubjectId, double Lat, double Lon, DateTimeOffset At, double AccuracyMeters = 15);

/// <summary>Where the real boundaries are: GEOFENCE_GEO_DATA, else ../shared/geo-data beside the repository.</summary>
public static class GeoData
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("GEOFENCE_GEO_DATA") ?? Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "geo-data"));
}

/// <summary>Check-in bodies with fresh, valid data: every test uses its own guests.</summary>
public static class Guests
{
    public static string NewVietnamesePhone() => $"+8490{Random.Shared.Next(1_000_000, 10_000_000)}";
    // Korean mobiles are 010 followed by 8 digits, but libphonenumber holds 010-5xxx and 010-0xxx invalid.
    public static string NewKoreanPhone() => $"+8210{Random.Shared.Next(2000, 5000)}{Random.Shared.Next(1000, 10000)}";

    /// <summary>
    /// When this run's guests check in by default: three hours ago (Hanoi time), fixed for the run so that the same body
    /// stays the same, and recent enough not to be stale (Ingest messages nobody for a check-in days old).
    /// </summary>
    public static readonly DateTimeOffset CheckInTime = new DateTimeOffset(
        DateTimeOffset.UtcNow.AddHours(-3).Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(7));

    /// <summary><see cref="CheckInTime"/> plus <paramref name="later"/>, as a check-in writes it.</summary>
    public static string CheckInTimePlus(TimeSpan later) =>
        (CheckInTime + later).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    public static object CheckIn(string propertyId, string phone, string? reservationId = null, string language = "ko",
        string nationality = "KR", bool doNotContact = false, string? checkedInAt = null,
        string firstName = "Min-jun", string lastName = "Kim") => new
        {
            propertyId,
            reservationId = reservationId ?? $"R-{Guid.NewGuid():N}"[..12],
            checkedInAt = checkedInAt ?? CheckInTimePlus(TimeSpan.Zero),
            departureDate = CheckInTime.AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            guest = new { firstName, lastName, phone, email = "guest@example.com", nationality, language, doNotContact },
        };
}
