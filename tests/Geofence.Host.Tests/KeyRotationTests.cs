using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>Hotel, feed and admin keys are rotated with a grace period, replaced at once, and revoked through the API.</summary>
public sealed class KeyRotationTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How long a revocation may take to reach Ingest in the embedded host (one outbox hop, measured at well under a second).</summary>
    private static readonly TimeSpan RevocationDelay = TimeSpan.FromSeconds(10);

    private readonly EmbeddedGeofence app = new(new Dictionary<string, string> { ["Auth:KeyUsageFlushInterval"] = "00:00:01" });
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Every_key_Admin_hands_out_works_at_Ingest_the_moment_the_answer_arrives()
    {
        // Without Ingest's confirmation a key was refused for about half a second; ten of each way of issuing one.
        for (var i = 0; i < 10; i++)
        {
            var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..20];
            var feedId = $"feed-{Guid.NewGuid():N}"[..20];
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(await api.RegisterHotelAsync(propertyId)));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync((await IssueAsync($"/api/v1/hotels/{propertyId}/keys")).ApiKey));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(await ReplaceHotelKeyAsync(propertyId)));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(await api.RegisterFeedAsync(feedId)));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync((await IssueAsync($"/api/v1/feeds/{feedId}/keys")).ApiKey));
        }
    }

    [Fact]
    public async Task A_second_feed_key_works_alongside_the_first_and_the_list_shows_no_secret()
    {
        var feedId = $"feed-{Guid.NewGuid():N}"[..20];
        var first = await api.RegisterFeedAsync(feedId);

        var issued = await IssueAsync($"/api/v1/feeds/{feedId}/keys");
        await WhoIsAsync(issued.ApiKey, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        var (list, raw) = await ListAsync($"/api/v1/feeds/{feedId}/keys");
        Assert.Equal(2, list.Length);
        Assert.NotNull(list[0].ExpiresAt); // the first key is in its grace period
        Assert.InRange(list[0].ExpiresAt!.Value - issued.CreatedAt, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        Assert.Equal((issued.KeyId, (DateTime?)null), (list[1].KeyId, list[1].ExpiresAt));
        foreach (var secret in new[] { first, issued.ApiKey })
        {
            Assert.DoesNotContain(secret, raw);
            Assert.DoesNotContain(ApiKey.Hash(secret), raw);
        }
    }

    [Fact]
    public async Task A_revoked_feed_key_is_refused_while_the_others_keep_working()
    {
        var feedId = $"feed-{Guid.NewGuid():N}"[..20];
        var first = await api.RegisterFeedAsync(feedId);
        var second = await IssueAsync($"/api/v1/feeds/{feedId}/keys");
        await WhoIsAsync(second.ApiKey, HttpStatusCode.OK);
        var firstId = (await ListAsync($"/api/v1/feeds/{feedId}/keys")).Items[0].KeyId;

        using var revoke = api.Admin(HttpMethod.Delete, $"/api/v1/feeds/{feedId}/keys/{firstId}");
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Ingest.SendAsync(revoke)).StatusCode);

        await WhoIsAsync(first, HttpStatusCode.Unauthorized);
        output.WriteLine($"The revoked key was refused {clock.ElapsedMilliseconds} ms after the DELETE answered.");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second.ApiKey));
        Assert.Equal([second.KeyId], (await ListAsync($"/api/v1/feeds/{feedId}/keys")).Items.Select(k => k.KeyId));
    }

    [Fact]
    public async Task Revoking_an_unknown_key_or_for_an_unknown_feed_is_404()
    {
        var feedId = $"feed-{Guid.NewGuid():N}"[..20];
        await api.RegisterFeedAsync(feedId);

        using var unknownKey = api.Admin(HttpMethod.Delete, $"/api/v1/feeds/{feedId}/keys/{Guid.NewGuid()}");
        using var unknownFeed = api.Admin(HttpMethod.Post, "/api/v1/feeds/no-such-feed/keys");

        Assert.Equal(HttpStatusCode.NotFound, (await api.Ingest.SendAsync(unknownKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Ingest.SendAsync(unknownFeed)).StatusCode);
    }

    [Fact]
    public async Task An_older_hotel_key_stops_working_when_its_grace_period_ends()
    {
        await using var shortGrace = new EmbeddedGeofence(new Dictionary<string, string> { ["Auth:KeyGracePeriod"] = "00:00:02" });
        var shortApi = shortGrace.Api();
        var old = await shortApi.RegisterHotelAsync("HOTEL-GRACE");

        using var issue = shortApi.Admin(HttpMethod.Post, "/api/v1/hotels/HOTEL-GRACE/keys");
        using var issued = await shortApi.Ingest.SendAsync(issue);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var fresh = (await issued.Content.ReadFromJsonAsync<IssuedKey>())!;

        await GeofenceApi.EventuallyAsync(() => StatusAsync(shortApi, fresh.ApiKey), s => s == HttpStatusCode.OK, "the new key to work");
        var clock = Stopwatch.StartNew();
        await GeofenceApi.EventuallyAsync(() => StatusAsync(shortApi, old), s => s == HttpStatusCode.Unauthorized,
            "the old key to expire", TimeSpan.FromSeconds(15));
        output.WriteLine($"The old key stopped {clock.ElapsedMilliseconds} ms after the new key first worked (grace 2 s).");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(shortApi, fresh.ApiKey));
    }

    [Fact]
    public async Task Replacing_a_hotel_key_now_stops_every_older_key()
    {
        var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..20];
        var registered = await api.RegisterHotelAsync(propertyId);
        var second = await IssueAsync($"/api/v1/hotels/{propertyId}/keys");
        await WhoIsAsync(second.ApiKey, HttpStatusCode.OK);

        using var replace = api.Admin(HttpMethod.Post, $"/api/v1/hotels/{propertyId}/key");
        using var replaced = await api.Ingest.SendAsync(replace);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var newKey = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;

        // No grace period: the older keys stop as soon as Ingest hears of the replacement, like a revocation.
        await WhoIsAsync(newKey, HttpStatusCode.OK);
        await WhoIsAsync(registered, HttpStatusCode.Unauthorized);
        await WhoIsAsync(second.ApiKey, HttpStatusCode.Unauthorized);
        var (list, _) = await ListAsync($"/api/v1/hotels/{propertyId}/keys");
        Assert.Single(list);
        Assert.Null(list[0].ExpiresAt);
    }

    [Fact]
    public async Task A_key_in_use_shows_when_it_was_last_used_and_never_its_secret()
    {
        var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..20];
        var key = await api.RegisterHotelAsync(propertyId);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(key));

        var (list, raw) = await GeofenceApi.EventuallyAsync(() => ListAsync($"/api/v1/hotels/{propertyId}/keys"),
            l => l.Items is [{ LastUsedAt: not null }], "lastUsedAt to be reported", TimeSpan.FromSeconds(15));

        Assert.DoesNotContain(key, raw);
        Assert.DoesNotContain(ApiKey.Hash(key), raw);
        Assert.InRange(list[0].LastUsedAt!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task An_issued_admin_key_works_at_admin_and_the_notifier_until_it_is_revoked()
    {
        using var issue = api.Admin(HttpMethod.Post, "/api/v1/admin-keys");
        issue.Content = JsonContent.Create(new { name = "console for the night shift" });
        using var issued = await api.Ingest.SendAsync(issue);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<IssuedKey>())!;

        Assert.Equal(HttpStatusCode.OK, await AdminStatusAsync(key.ApiKey, "/api/v1/hotels"));
        Assert.Equal(HttpStatusCode.OK, await AdminStatusAsync(key.ApiKey, "/api/v1/campaigns"));
        using var list = api.Admin(HttpMethod.Get, "/api/v1/admin-keys");
        var raw = await (await api.Ingest.SendAsync(list)).Content.ReadAsStringAsync();
        Assert.Contains("console for the night shift", raw);
        Assert.DoesNotContain(key.ApiKey, raw);
        Assert.DoesNotContain(ApiKey.Hash(key.ApiKey), raw);

        using var revoke = api.Admin(HttpMethod.Delete, $"/api/v1/admin-keys/{key.KeyId}");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Ingest.SendAsync(revoke)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminStatusAsync(key.ApiKey, "/api/v1/hotels"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminStatusAsync(key.ApiKey, "/api/v1/campaigns"));
        Assert.Equal(HttpStatusCode.OK, await AdminStatusAsync(api.AdminKey, "/api/v1/campaigns")); // the bootstrap key is configuration
    }

    [Fact]
    public async Task An_admin_key_without_a_name_is_400_naming_the_field()
    {
        using var issue = api.Admin(HttpMethod.Post, "/api/v1/admin-keys");
        issue.Content = JsonContent.Create(new { name = " " });

        using var response = await api.Ingest.SendAsync(issue);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }

    private sealed record IssuedKey(Guid KeyId, string ApiKey, DateTime CreatedAt);

    private sealed record KeyItem(Guid KeyId, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? ExpiresAt);

    private sealed record KeyItems(KeyItem[] Items);

    private async Task<IssuedKey> IssueAsync(string path)
    {
        using var request = api.Admin(HttpMethod.Post, path);
        using var response = await api.Ingest.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["keyId", "apiKey", "createdAt"], body.EnumerateObject().Select(p => p.Name));
        return body.Deserialize<IssuedKey>(JsonSerializerOptions.Web)!;
    }

    private async Task<string> ReplaceHotelKeyAsync(string propertyId)
    {
        using var replace = api.Admin(HttpMethod.Post, $"/api/v1/hotels/{propertyId}/key");
        using var replaced = await api.Ingest.SendAsync(replace);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        return (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    private async Task<(KeyItem[] Items, string Raw)> ListAsync(string path)
    {
        using var request = api.Admin(HttpMethod.Get, path);
        using var response = await api.Ingest.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        return (JsonSerializer.Deserialize<KeyItems>(raw, JsonSerializerOptions.Web)!.Items, raw);
    }

    /// <summary>Waits (bounded) until Ingest answers <c>/me</c> with <paramref name="expected"/> for the key.</summary>
    private Task WhoIsAsync(string key, HttpStatusCode expected) =>
        GeofenceApi.EventuallyAsync(() => StatusAsync(key), s => s == expected, $"Ingest to answer {(int)expected} for the key", RevocationDelay);

    private Task<HttpStatusCode> StatusAsync(string key) => StatusAsync(api, key);

    private static async Task<HttpStatusCode> StatusAsync(GeofenceApi api, string key)
    {
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Add("X-Api-Key", key);
        using var response = await api.Ingest.SendAsync(me);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> AdminStatusAsync(string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        using var response = await api.Ingest.SendAsync(request);
        return response.StatusCode;
    }
}
