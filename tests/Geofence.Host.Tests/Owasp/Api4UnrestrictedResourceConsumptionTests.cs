using System.Net;
using System.Text;
using System.Text.Json;
using Geofence.Ingest.CheckIns;
using Geofence.Testing;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API4:2023, unrestricted resource consumption. Every keyed endpoint takes a token bucket per key
/// (<c>RateLimits__PerKeyPerSecond</c>, default 1,000; <c>RateLimits__PerKeyBurst</c>, default 2,000) and answers 429 with
/// Retry-After when it is empty; the buckets live in each process, so N processes allow N times as much. Failed
/// authentication is limited per source address (<see cref="Api2BrokenAuthenticationTests"/>). Bodies are bounded per
/// endpoint (check-ins 64 KB, feed reports 512 KB, devices 16 KB, templates and campaigns 64 KB, audience uploads
/// 256 MB, fence imports by their own limits) with 413; pages take <c>limit</c> 1–500. Uploads have no time limit of
/// their own: Kestrel's minimum request body data rate drops a client that trickles.
/// </summary>
public sealed class Api4UnrestrictedResourceConsumptionTests : IAsyncLifetime
{
    private const int Burst = 5;

    private readonly EmbeddedGeofence app = new();

    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_while_other_keys_keep_working()
    {
        await using var limitedApp = new EmbeddedGeofence(new Dictionary<string, string>
        {
            ["RateLimits:PerKeyPerSecond"] = "1",
            ["RateLimits:PerKeyBurst"] = $"{Burst}",
        });
        var rated = limitedApp.Api();
        var keyA = await rated.RegisterFeedAsync(NewId("feed-a"));
        var keyB = await rated.RegisterFeedAsync(NewId("feed-b"));
        await Task.Delay(TimeSpan.FromSeconds(Burst), TestContext.Current.CancellationToken); // registering used some of the buckets

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst * 6).Select(_ => SendAsync(rated.Ingest, HttpMethod.Get, "/api/v1/me", keyA)));

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 1, Burst * 3);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After"));
        await CheckInApiTests.AssertProblemAsync(limited[0], HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(rated.Ingest, HttpMethod.Get, "/api/v1/me", keyB)).StatusCode);
    }

    [Fact]
    public async Task A_checkin_body_over_64_KB_is_413_with_a_problem()
    {
        var propertyId = NewId("HOTEL");
        var key = await api.RegisterHotelAsync(propertyId);
        var body = JsonSerializer.Serialize(new { propertyId, reservationId = new string('r', CheckInApi.MaxBodyBytes) });

        using var response = await SendAsync(api.Ingest, HttpMethod.Post, "/api/v1/checkins", key,
            new StringContent(body, Encoding.UTF8, "application/json"));

        await CheckInApiTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/v1/notifications", "0")]
    [InlineData("/api/v1/notifications", "501")]
    [InlineData("/api/v1/opt-outs", "0")]
    [InlineData("/api/v1/opt-outs", "501")]
    [InlineData("/api/v1/sandbox/messages", "0")]
    [InlineData("/api/v1/sandbox/messages", "501")]
    [InlineData("/api/v1/audiences", "0")]
    [InlineData("/api/v1/audiences", "501")]
    public async Task A_page_size_outside_1_to_500_is_400_naming_limit(string path, string limit)
    {
        using var response = await SendAsync(api.AdminClient, HttpMethod.Get, $"{path}?limit={limit}", app.AdminKey);

        var problem = await CheckInApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), problem.ToString());
    }
}
