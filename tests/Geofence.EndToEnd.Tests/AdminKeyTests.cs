using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>Admin keys issued in Admin reach every service as messages, and so do their revocations.</summary>
public sealed class AdminKeyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_admin_key_issued_through_admin_works_at_the_notifier_process_and_stops_after_revocation()
    {
        await using var system = await DistributedGeofence.StartAsync();
        using var issue = system.Api.Admin(HttpMethod.Post, "/api/v1/admin-keys");
        issue.Content = JsonContent.Create(new { name = "end-to-end" });
        using var issued = await system.Api.AdminClient.SendAsync(issue);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<IssuedAdminKey>())!;
        using var notifier = system.Notifier.CreateClient(key.ApiKey);

        var clock = Stopwatch.StartNew();
        await GeofenceApi.EventuallyAsync(async () => (await notifier.GetAsync("/api/v1/campaigns")).StatusCode,
            s => s == HttpStatusCode.OK, "the Notifier to accept the new admin key", TimeSpan.FromSeconds(30));
        output.WriteLine($"The Notifier accepted the new admin key {clock.ElapsedMilliseconds} ms after Admin issued it.");

        using var revoke = system.Api.Admin(HttpMethod.Delete, $"/api/v1/admin-keys/{key.KeyId}");
        Assert.Equal(HttpStatusCode.NoContent, (await system.Api.AdminClient.SendAsync(revoke)).StatusCode);
        clock.Restart();
        await GeofenceApi.EventuallyAsync(async () => (await notifier.GetAsync("/api/v1/campaigns")).StatusCode,
            s => s == HttpStatusCode.Unauthorized, "the Notifier to refuse the revoked admin key", TimeSpan.FromSeconds(30));
        output.WriteLine($"The Notifier refused the revoked admin key {clock.ElapsedMilliseconds} ms after Admin revoked it.");
    }

    private sealed record IssuedAdminKey(Guid KeyId, string ApiKey);
}
