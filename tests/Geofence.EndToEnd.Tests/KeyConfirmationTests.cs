using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// Admin answers a request that issued a hotel or feed key only once Ingest has confirmed the key by a message, so the
/// key works at once; with Ingest down it answers 503 with Retry-After, still handing the key out, which works as soon
/// as Ingest is back.
/// </summary>
public sealed class KeyConfirmationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_key_works_at_ingest_the_moment_admin_answers_and_with_ingest_down_the_answer_is_503_with_the_key()
    {
        // Long enough for a loaded machine's first confirmation, short enough for the test to wait out once.
        await using var system = await DistributedGeofence.StartAsync(settings: new Dictionary<string, string> { ["Auth__KeyConfirmationTimeout"] = "00:00:20" });
        for (var i = 0; i < 5; i++)
        {
            var propertyId = $"H-{Guid.NewGuid():N}"[..12];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var key = await system.Api.RegisterHotelAsync(propertyId);
            output.WriteLine($"Admin answered with a confirmed key in {clock.ElapsedMilliseconds} ms.");
            Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(system, key));
        }

        await system.Ingest.KillAsync();
        using var register = system.Api.Admin(HttpMethod.Post, "/api/v1/hotels");
        register.Content = JsonContent.Create(new { propertyId = $"H-{Guid.NewGuid():N}"[..12], name = "Down", provinceCode = "22" });
        using var refused = await system.Api.AdminClient.SendAsync(register);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var issued = problem.GetProperty("apiKey").GetString()!;

        await system.Ingest.RestartAsync();
        await GeofenceApi.EventuallyAsync(() => WhoAmIAsync(system, issued), s => s == HttpStatusCode.OK,
            "the key handed out with the 503 to work once Ingest is back", TimeSpan.FromSeconds(60));
    }

    private static async Task<HttpStatusCode> WhoAmIAsync(DistributedGeofence system, string key)
    {
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Add("X-Api-Key", key);
        using var response = await system.Api.Ingest.SendAsync(me);
        return response.StatusCode;
    }
}
