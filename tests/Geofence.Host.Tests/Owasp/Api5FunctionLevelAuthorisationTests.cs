using System.Net;
using System.Text;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API5:2023, broken function-level authorisation. Every endpoint the embedded host maps is found in the route
/// table and must have an entry below saying which callers it takes; a new endpoint without one fails the test, and
/// so does an entry for an endpoint that is gone. Each endpoint is then called for real by every kind of caller: the
/// wrong ones get 401 (no key, unknown key) or 403, the right ones anything but 401/403.
/// </summary>
public sealed class Api5FunctionLevelAuthorisationTests(ITestOutputHelper output) : IAsyncLifetime
{
    public enum Caller { None, UnknownKey, Admin, Hotel, AppFeed, WifiFeed, TelcoFeed }

    private static readonly Caller[] Everyone = [Caller.None, Caller.UnknownKey, Caller.Admin, Caller.Hotel, Caller.AppFeed, Caller.WifiFeed, Caller.TelcoFeed];
    private static readonly Caller[] Nobody = [];
    private static readonly Caller[] Admin = [Caller.Admin];
    private static readonly Caller[] Feeds = [Caller.AppFeed, Caller.WifiFeed, Caller.TelcoFeed];

    /// <summary>
    /// Who may call each endpoint. <see cref="Nobody"/> marks an endpoint that takes no API key (health, OpenAPI, the
    /// opt-out and install pages reached by a token in an SMS, providers' receipts checked by their own signature).
    /// </summary>
    private static readonly Dictionary<string, Caller[]> Expected = new()
    {
        ["* /health/live"] = Nobody,
        ["* /health/ready"] = Nobody,
        ["GET /openapi/{documentName}.json"] = Nobody,
        ["GET /o/{token}"] = Nobody,
        ["POST /o/{token}"] = Nobody,
        ["GET /i/{token}"] = Nobody,
        ["POST /api/v1/receipts/twilio"] = Nobody,
        ["GET /api/v1/receipts/esms"] = Nobody,
        ["POST /api/v1/receipts/esms"] = Nobody,

        ["GET /api/v1/me"] = [Caller.Admin, Caller.Hotel, .. Feeds],
        ["POST /api/v1/checkins"] = [Caller.Hotel],
        ["POST /api/v1/checkins/batch"] = [Caller.Hotel],
        ["POST /api/v1/checkins/csv"] = [Caller.Hotel],
        ["POST /api/v1/devices"] = Feeds,
        ["POST /api/v1/devices/{deviceId}/bluezone-installed"] = Feeds,
        ["POST /api/v1/locations"] = Feeds,
        ["POST /api/v1/province-entries"] = [Caller.TelcoFeed], // a feed of another kind gets 403 from the endpoint itself

        ["GET /api/v1/detector/geofences"] = Admin,
        ["GET /api/v1/sandbox/messages"] = Admin,
        ["POST /api/v1/campaigns"] = Admin,
        ["GET /api/v1/campaigns"] = Admin,
        ["GET /api/v1/campaigns/{campaignId:guid}"] = Admin,
        ["POST /api/v1/campaigns/{campaignId:guid}/pause"] = Admin,
        ["POST /api/v1/campaigns/{campaignId:guid}/resume"] = Admin,
        ["POST /api/v1/campaigns/{campaignId:guid}/cancel"] = Admin,
        ["GET /api/v1/campaigns/{campaignId:guid}/recipients.csv"] = Admin,
        ["POST /api/v1/audiences"] = Admin,
        ["POST /api/v1/audiences/built"] = Admin,
        ["GET /api/v1/audiences/{id}"] = Admin,
        ["GET /api/v1/audiences"] = Admin,
        ["POST /api/v1/hotels"] = Admin,
        ["GET /api/v1/hotels"] = Admin,
        ["POST /api/v1/hotels/{propertyId}/key"] = Admin,
        ["POST /api/v1/hotels/{propertyId}/keys"] = Admin,
        ["GET /api/v1/hotels/{propertyId}/keys"] = Admin,
        ["DELETE /api/v1/hotels/{propertyId}/keys/{keyId:guid}"] = Admin,
        ["POST /api/v1/feeds"] = Admin,
        ["GET /api/v1/feeds"] = Admin,
        ["POST /api/v1/feeds/{feedId}/keys"] = Admin,
        ["GET /api/v1/feeds/{feedId}/keys"] = Admin,
        ["DELETE /api/v1/feeds/{feedId}/keys/{keyId:guid}"] = Admin,
        ["POST /api/v1/admin-keys"] = Admin,
        ["GET /api/v1/admin-keys"] = Admin,
        ["DELETE /api/v1/admin-keys/{keyId:guid}"] = Admin,
        ["GET /api/v1/policy"] = Admin,
        ["PUT /api/v1/policy"] = Admin,
        ["GET /api/v1/policy/versions"] = Admin,
        ["GET /api/v1/policy/versions/{version:int}"] = Admin,
        ["GET /api/v1/templates"] = Admin,
        ["POST /api/v1/templates/preview"] = Admin,
        ["GET /api/v1/templates/{channel}/{language}"] = Admin,
        ["PUT /api/v1/templates/{channel}/{language}"] = Admin,
        ["POST /api/v1/templates/{channel}/{language}/rollback/{version:int}"] = Admin,
        ["GET /api/v1/opt-outs"] = Admin,
        ["POST /api/v1/opt-outs"] = Admin,
        ["DELETE /api/v1/opt-outs"] = Admin,
        ["DELETE /api/v1/persons"] = Admin,
        ["GET /api/v1/persons/erasures/{id:guid}"] = Admin,
        ["GET /api/v1/persons/export"] = Admin,
        ["GET /api/v1/notifications"] = Admin,
        ["POST /api/v1/geofences/import"] = Admin,
        ["POST /api/v1/geofences/points-of-entry/builtin"] = Admin,
        ["GET /api/v1/geofences/lookup"] = Admin,
        ["GET /api/v1/geofences"] = Admin,
        ["GET /api/v1/geofences/{id:guid}"] = Admin,
        ["POST /api/v1/geofences"] = Admin,
        ["PUT /api/v1/geofences/{id:guid}"] = Admin,
        ["DELETE /api/v1/geofences/{id:guid}"] = Admin,
    };

    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public void Every_mapped_endpoint_has_an_entry_and_its_key_requirement_matches_it()
    {
        var routes = Routes();
        output.WriteLine(string.Join(Environment.NewLine, routes.Keys.Order()));

        Assert.Equal(Expected.Keys.Order(), routes.Keys.Order());
        foreach (var (route, requirement) in routes)
        {
            var kinds = Expected[route].Select(KindOf).OfType<ApiCallerKind>().Distinct().Order();
            Assert.True(kinds.SequenceEqual((requirement?.Allowed ?? []).Order()), $"{route}: the route table allows {string.Join(", ", requirement?.Allowed ?? [])}");
        }
    }

    [Fact]
    public async Task Every_endpoint_refuses_every_caller_not_in_its_entry_and_takes_the_ones_in_it()
    {
        var (callerHotel, targetHotel, targetFeed) = (NewId("HOTEL-C"), NewId("HOTEL-T"), NewId("feed-t"));
        var keys = new Dictionary<Caller, string?>
        {
            [Caller.None] = null,
            [Caller.UnknownKey] = ApiKey.New("gfhotel"),
            [Caller.Admin] = app.AdminKey,
            [Caller.Hotel] = await api.RegisterHotelAsync(callerHotel),
            [Caller.AppFeed] = await api.RegisterFeedAsync(NewId("feed-app"), "app"),
            [Caller.WifiFeed] = await api.RegisterFeedAsync(NewId("feed-wifi"), "wifi"),
            [Caller.TelcoFeed] = await api.RegisterFeedAsync(NewId("feed-telco"), "telco"),
        };
        await api.RegisterHotelAsync(targetHotel);
        await api.RegisterFeedAsync(targetFeed);
        var values = new Dictionary<string, string> { ["propertyId"] = targetHotel, ["feedId"] = targetFeed, ["deviceId"] = "device-1" };

        var bodyTypes = Routes(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault());
        var failures = new List<string>();
        var calls = 0;
        foreach (var (route, allowed) in Expected.Where(e => e.Value.Length > 0).OrderBy(e => e.Key))
        {
            var method = route[..route.IndexOf(' ')];
            var path = Fill(route[(method.Length + 1)..], values);
            // The admin goes last: what it may do (replace a key) must not change what the others are refused.
            foreach (var caller in Everyone.OrderBy(c => c == Caller.Admin))
            {
                // A body of the type the endpoint takes, so that routing does not answer 415 before the key is looked at.
                using var body = method is "POST" or "PUT" ? new StringContent(bodyTypes[route] == "text/csv" ? "phone\n" : "{}", Encoding.UTF8, bodyTypes[route] ?? "application/json") : null;
                using var response = await SendAsync(api.Ingest, new HttpMethod(method), path, keys[caller], body);
                calls++;
                var status = response.StatusCode;
                var wrong = !allowed.Contains(caller);
                var expected = caller is Caller.None or Caller.UnknownKey ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                if (wrong && status != expected) failures.Add($"{caller} {method} {path}: {(int)status}, expected {(int)expected}");
                if (!wrong && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) failures.Add($"{caller} {method} {path}: {(int)status}, expected neither 401 nor 403");
            }
        }

        output.WriteLine($"{calls} calls, {failures.Count} wrong");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private Dictionary<string, ApiKeyRequirement?> Routes() => Routes(e => e.Metadata.GetMetadata<ApiKeyRequirement>());

    /// <summary>Every "METHOD /pattern" the host maps (<c>*</c> for any method), with what <paramref name="read"/> takes from its metadata.</summary>
    private Dictionary<string, T> Routes<T>(Func<RouteEndpoint, T> read) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (Route: $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}", Value: read(e))))
            .ToDictionary(r => r.Route, r => r.Value);

    private static ApiCallerKind? KindOf(Caller caller) => caller switch
    {
        Caller.Admin => ApiCallerKind.Admin,
        Caller.Hotel => ApiCallerKind.Hotel,
        Caller.AppFeed or Caller.WifiFeed or Caller.TelcoFeed => ApiCallerKind.Feed,
        _ => null,
    };
}
