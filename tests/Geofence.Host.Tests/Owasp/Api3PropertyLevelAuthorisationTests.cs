using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API3:2023, broken object property-level authorisation. A secret is shown once, in the answer that issues it
/// (<c>{"keyId","apiKey","createdAt"}</c>); no other answer carries a key or its hash. Bodies are bound to records
/// of the fields a caller may set: ids, times and key hashes sent along are ignored or refused, never stored.
/// </summary>
public sealed class Api3PropertyLevelAuthorisationTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task No_GET_anywhere_returns_a_key_or_its_hash()
    {
        var (propertyId, feedId) = (NewId("HOTEL"), NewId("feed"));
        var secrets = new List<string> { app.AdminKey, await api.RegisterHotelAsync(propertyId), await api.RegisterFeedAsync(feedId, "telco") };
        secrets.Add(await IssueAsync($"/api/v1/hotels/{propertyId}/keys", null));
        secrets.Add(await IssueAsync($"/api/v1/feeds/{feedId}/keys", null));
        secrets.Add(await IssueAsync("/api/v1/admin-keys", new { name = "second admin" }));
        var values = new Dictionary<string, string> { ["propertyId"] = propertyId, ["feedId"] = feedId };

        var gets = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!).Where(p => p.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(gets);
        foreach (var path in gets)
        {
            foreach (var key in secrets.Take(3))
            {
                using var response = await SendAsync(api.Ingest, HttpMethod.Get, Fill(path, values), key);
                var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                foreach (var secret in secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"GET {path} returned a key");
                    Assert.False(text.Contains(ApiKey.Hash(secret), StringComparison.OrdinalIgnoreCase), $"GET {path} returned a key's hash");
                }
            }
        }
    }

    [Fact]
    public async Task A_hotel_registration_cannot_choose_its_key_id_or_registration_time()
    {
        var chosen = ApiKey.New("gfhotel");
        var propertyId = NewId("HOTEL");

        using var response = await SendAsync(api.AdminClient, HttpMethod.Post, "/api/v1/hotels", app.AdminKey, new
        {
            propertyId, name = "Hotel", provinceCode = "22", id = 42, apiKey = chosen, apiKeyHash = ApiKey.Hash(chosen),
            keyHash = ApiKey.Hash(chosen), createdAt = "2000-01-01T00:00:00Z", registeredAt = "2000-01-01T00:00:00Z",
        });

        await AssertNotTakenAsync(response, chosen);
    }

    [Fact]
    public async Task An_admin_key_request_cannot_choose_its_key_its_id_or_its_creation_time()
    {
        var chosen = ApiKey.New("gfadmin");
        var keyId = Guid.NewGuid();

        using var response = await SendAsync(api.AdminClient, HttpMethod.Post, "/api/v1/admin-keys", app.AdminKey, new
        {
            name = "mass assignment", keyId, id = keyId, apiKey = chosen, keyHash = ApiKey.Hash(chosen), createdAt = "2000-01-01T00:00:00Z",
            expiresAt = "2100-01-01T00:00:00Z",
        });

        var issued = await AssertNotTakenAsync(response, chosen);
        if (issued is { } body)
        {
            Assert.NotEqual(keyId, body.GetProperty("keyId").GetGuid());
            Assert.True(body.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(-1));
        }
    }

    [Fact]
    public async Task A_feed_registration_cannot_choose_its_key()
    {
        var chosen = ApiKey.New("gffeed");

        using var response = await SendAsync(api.AdminClient, HttpMethod.Post, "/api/v1/feeds", app.AdminKey, new
        {
            feedId = NewId("feed"), name = "Feed", kind = "app", apiKey = chosen, apiKeyHash = ApiKey.Hash(chosen), keyHash = ApiKey.Hash(chosen),
        });

        await AssertNotTakenAsync(response, chosen);
    }

    /// <summary>Either the extra properties are refused, or they were ignored: the key issued is not the one chosen, which stays unknown.</summary>
    private async Task<JsonElement?> AssertNotTakenAsync(HttpResponseMessage response, string chosen)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        if (response.StatusCode == HttpStatusCode.BadRequest) return null;
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.NotEqual(chosen, body.GetProperty("apiKey").GetString());
        var issued = body.GetProperty("apiKey").GetString()!;
        await KnownAsync(api.Ingest, issued);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(api.Ingest, HttpMethod.Get, "/api/v1/me", chosen)).StatusCode);
        return body;
    }

    private async Task<string> IssueAsync(string path, object? body)
    {
        using var response = await SendAsync(api.AdminClient, HttpMethod.Post, path, app.AdminKey, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("apiKey").GetString()!;
        await KnownAsync(api.Ingest, key);
        return key;
    }
}
