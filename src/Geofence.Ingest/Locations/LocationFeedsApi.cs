using System.Globalization;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Messaging.Outbox;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Locations;

/// <summary>What location feeds post: devices, position pings and "entered province" events.</summary>
public static class LocationFeedsApi
{
    public const int MaxItemsPerRequest = 1000;
    private const int MaxBodyBytes = 512 * 1024;

    public sealed record DeviceRequest(string? DeviceId, string? Platform, string? PushToken, string? Language, string? Phone, bool? BluezoneInstalled);
    public sealed record PingRequest(string? SubjectId, double? Lat, double? Lon, double? AccuracyMeters, string? At);
    public sealed record LocationsRequest(PingRequest?[]? Pings);
    public sealed record EntryRequest(string? Phone, string? ProvinceCode, string? At);
    public sealed record ProvinceEntriesRequest(EntryRequest?[]? Entries);
    public sealed record AcceptedDevice(string DeviceId, string Status);
    public sealed record AcceptedCount(int Accepted);

    public static RouteGroupBuilder MapLocationFeeds(this RouteGroupBuilder api)
    {
        api.MapPost("/devices", RegisterDevice).RequireApiKey(ApiCallerKind.Feed).Accepts<DeviceRequest>("application/json")
            .WithName("RegisterDevice").WithSummary("A feed registers (or updates) a device: its push token, language and phone.");
        api.MapPost("/devices/{deviceId}/bluezone-installed", ReportBluezoneInstalled).RequireApiKey(ApiCallerKind.Feed)
            .ProducesProblem(StatusCodes.Status400BadRequest) // a device id with control characters or too long
            .WithName("ReportBluezoneInstalled")
            .WithSummary("A feed reports that the app is installed on a device: no further messages or reminders go to it.");
        api.MapPost("/locations", ReportLocations).RequireApiKey(ApiCallerKind.Feed).Accepts<LocationsRequest>("application/json")
            .WithName("ReportLocations").WithSummary($"Position pings, up to {MaxItemsPerRequest} a request; the Detector turns them into arrivals.");
        api.MapPost("/province-entries", ReportProvinceEntries).RequireApiKey(ApiCallerKind.Feed).Accepts<ProvinceEntriesRequest>("application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests).WithName("ReportProvinceEntries").WithSummary("A telecom feed reports subscribers who entered a province.");
        return api;
    }

    private static async Task<Results<Accepted<AcceptedDevice>, ProblemHttpResult>> RegisterDevice(
        HttpContext http, IngestDb db, FieldCipher cipher, PersonKeys personKeys, TimeProvider time)
    {
        var (request, invalid) = await JsonBody.ReadAsync<DeviceRequest>(http, 16 * 1024);
        if (invalid is not null) return invalid;
        var errors = new FieldErrors();
        var deviceId = request!.DeviceId?.Trim();
        if (string.IsNullOrEmpty(deviceId) || deviceId.Length > 128) errors.Add("deviceId", "is required (at most 128 characters).");
        if (request.Platform is not ("android" or "ios")) errors.Add("platform", "must be android or ios.");
        if (request.PushToken is { Length: > 4096 }) errors.Add("pushToken", "is longer than 4096 characters.");
        else if (request.PushToken is { } token && !token.All(char.IsAscii)) errors.Add("pushToken", "must contain only ASCII characters.");
        if (request.Language is { } language && !RequestFormats.IsLanguageTag(language)) errors.Add("language", "must be a language tag such as ko or zh-Hant.");
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(request.Phone))
        {
            if (PhoneNumber.TryNormalize(request.Phone, out var e164)) phone = e164;
            else errors.Add("phone", PhoneNumber.HasLetters(request.Phone) ? "must be digits, not letters." : "is not a valid phone number (give it in international format).");
        }
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new DeviceRegistered(http.GetApiCaller().OwnerId!, deviceId!, request.Platform!,
            cipher.Protect(string.IsNullOrWhiteSpace(request.PushToken) ? null : request.PushToken), request.Language, cipher.Protect(phone),
            request.BluezoneInstalled ?? false, now, phone is null ? null : personKeys.ForPhone(phone)), now));
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null, new AcceptedDevice(deviceId!, "accepted"));
    }

    /// <summary>
    /// Ingest keeps no devices (the Notifier does), so the report names the device and the Notifier finds its person.
    /// Accepted like the other feed reports: it takes effect once the Notifier has consumed it.
    /// </summary>
    private static async Task<Results<Accepted<AcceptedDevice>, ProblemHttpResult>> ReportBluezoneInstalled(
        string deviceId, HttpContext http, IngestDb db, TimeProvider time)
    {
        var id = deviceId.Trim();
        if (id.Length is 0 or > 128 || id.Any(char.IsControl)) return Problem.Invalid("deviceId", "is required (at most 128 characters, no control characters).");

        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new BluezoneInstallReported(http.GetApiCaller().OwnerId!, id, null, now), now));
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null, new AcceptedDevice(id, "accepted"));
    }

    private static async Task<Results<Accepted<AcceptedCount>, ProblemHttpResult>> ReportLocations(
        HttpContext http, IngestDb db, IngestSettings settings, TimeProvider time)
    {
        var (request, invalid) = await JsonBody.ReadAsync<LocationsRequest>(http, MaxBodyBytes);
        if (invalid is not null) return invalid;
        var now = time.GetUtcNow();
        var window = EventWindow.At(now, settings);
        var errors = new FieldErrors();
        if (request!.Pings is not { Length: > 0 and <= MaxItemsPerRequest })
            return Problem.Invalid("pings", $"must hold 1 to {MaxItemsPerRequest} pings.");

        var pings = new List<LocationPing>(request.Pings.Length);
        for (var i = 0; i < request.Pings.Length; i++)
        {
            var field = $"pings[{i}]";
            if (request.Pings[i] is not { } ping)
            {
                errors.Add(field, "is null.");
                continue;
            }
            var subjectId = ping.SubjectId?.Trim();
            if (string.IsNullOrEmpty(subjectId) || subjectId.Length > 128) errors.Add($"{field}.subjectId", "is required (at most 128 characters).");
            if (ping.Lat is not (>= -90 and <= 90)) errors.Add($"{field}.lat", "is required, between -90 and 90.");
            if (ping.Lon is not (>= -180 and <= 180)) errors.Add($"{field}.lon", "is required, between -180 and 180.");
            if (ping.AccuracyMeters is < 0) errors.Add($"{field}.accuracyMeters", "must not be negative.");
            var at = EventTime(errors, $"{field}.at", ping.At, window);
            // A stale ping still moves the subject in the Detector; an arrival it reveals is recorded, not messaged.
            if (!errors.Any)
                pings.Add(new LocationPing(subjectId!, ping.Lat!.Value, ping.Lon!.Value, ping.AccuracyMeters, at!.Value, window.IsStale(at.Value)));
        }
        if (errors.Any) return errors.ToProblem();

        var feedId = http.GetApiCaller().OwnerId!;
        foreach (var shard in pings.GroupBy(p => LocationShards.Of(feedId, p.SubjectId)))
            db.Outbox.Add(OutboxMessage.For(new LocationsReported(feedId, shard.Key, shard.ToArray(), now), now));
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null, new AcceptedCount(pings.Count));
    }

    /// <summary>
    /// Each entry can become an SMS to any number, so only a telco feed may post them (403 for the others), and every
    /// entry posted, accepted or not, counts against the feed's rate (429 with Retry-After).
    /// </summary>
    private static async Task<Results<Accepted<AcceptedCount>, ProblemHttpResult>> ReportProvinceEntries(
        HttpContext http, IngestDb db, FieldCipher cipher, PersonKeys personKeys, IngestSettings settings, TelcoEntryLimiter limiter,
        TimeProvider time)
    {
        var feedId = http.GetApiCaller().OwnerId!;
        var kind = await db.Feeds.AsNoTracking().Where(f => f.FeedId == feedId).Select(f => f.Kind).FirstOrDefaultAsync(http.RequestAborted);
        if (kind != FeedKinds.Telco)
            return Problem.Status(StatusCodes.Status403Forbidden, "Not a telecom feed",
                $"Only a telco feed may report province entries; this key belongs to feed '{feedId}' (kind {kind ?? "unknown"}).");

        var (request, invalid) = await JsonBody.ReadAsync<ProvinceEntriesRequest>(http, MaxBodyBytes);
        if (invalid is not null) return invalid;
        if (request!.Entries is not { Length: > 0 and <= MaxItemsPerRequest })
            return Problem.Invalid("entries", $"must hold 1 to {MaxItemsPerRequest} entries.");
        if (!limiter.TryTake(feedId, request.Entries.Length, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problem.Status(StatusCodes.Status429TooManyRequests, "Too many province entries",
                $"This feed may post {limiter.PerSecond} entries a second (bursts of {limiter.Burst}); retry in {seconds} s.");
        }
        var now = time.GetUtcNow();
        var window = EventWindow.At(now, settings);
        var errors = new FieldErrors();
        var entries = new List<ProvinceEntered>();
        var provinces = ProvinceCatalogue.BuiltIn;
        for (var i = 0; i < request.Entries.Length; i++)
        {
            var field = $"entries[{i}]";
            if (request.Entries[i] is not { } entry)
            {
                errors.Add(field, "is null.");
                continue;
            }
            if (!PhoneNumber.TryNormalize(entry.Phone, out var phone))
                errors.Add($"{field}.phone", PhoneNumber.HasLetters(entry.Phone) ? "must be digits, not letters." : "is required and must be a valid phone number.");
            var at = EventTime(errors, $"{field}.at", entry.At, window);
            // A feed may still speak of a province that was merged on 2025-07-01: count it under the unit in force then.
            string? code = null;
            if (entry.ProvinceCode is { } given && at is { } when)
            {
                code = provinces.ProvincesAt(when).ContainsKey(given) ? given
                    : when >= ProvinceReorganisation2025.EffectiveAt && provinces.MergedInto.TryGetValue(given, out var merged) ? merged : null;
            }
            if (code is null && at is not null) errors.Add($"{field}.provinceCode", "is not a province code in force at that time.");
            // The subject is the person key, the same a check-in of this number yields; the number itself travels sealed.
            if (!errors.Any)
                entries.Add(new ProvinceEntered(Guid.CreateVersion7(now), SubjectKinds.Phone, personKeys.ForPhone(phone), code!, at!.Value, "telco",
                    null, feedId, cipher.Protect(phone), window.IsStale(at.Value)));
        }
        if (errors.Any) return errors.ToProblem();

        foreach (var entry in entries) db.Outbox.Add(OutboxMessage.For(entry, now));
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted((string?)null, new AcceptedCount(entries.Count));
    }

    private static DateTimeOffset? EventTime(FieldErrors errors, string field, string? value, EventWindow window)
    {
        if (!RequestFormats.TryParseOffsetDateTime(value, out var at))
        {
            errors.Add(field, "is required: an ISO 8601 date and time with a UTC offset.");
            return null;
        }
        return window.Check(errors, field, at) ? at : null;
    }
}
