using System.Net;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.Testing;
using Microsoft.AspNetCore.Http;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API2:2023, broken authentication. Keys are 256 random bits stored as SHA-256 hashes; guessing is slowed by
/// <c>RateLimits__FailedAuthPerMinute</c> (default 20): a source address that presents that many missing or unknown keys
/// within a minute gets 429 with Retry-After for every keyed request until the minute ends, a valid key included (or
/// it could tell a hit from a miss). Comparisons: a presented key's hash is compared with the bootstrap and issued
/// admin keys by <see cref="ApiKey.HashesEqual"/> (fixed time), hotel and feed keys are found by an index lookup on the
/// hash and then compared the same way; no secret is compared with <c>==</c>. The source address is the connection's:
/// behind a proxy, <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> makes it the client's (from X-Forwarded-For).
/// </summary>
public sealed class Api2BrokenAuthenticationTests : IAsyncLifetime
{
    private const int FailuresAllowed = 5;

    private readonly EmbeddedGeofence app = new(new Dictionary<string, string> { ["RateLimits:FailedAuthPerMinute"] = $"{FailuresAllowed}" });
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Guessing_keys_from_one_address_is_refused_with_429_while_a_valid_key_from_another_address_works()
    {
        var hotelKey = await api.RegisterHotelAsync(Callers.NewId("HOTEL"));
        var guesser = IPAddress.Parse("203.0.113.7");

        for (var i = 0; i < FailuresAllowed; i++)
            Assert.Equal(StatusCodes.Status401Unauthorized, (await MeAsync(guesser, ApiKey.New("gfhotel"))).Response.StatusCode);

        var refused = await MeAsync(guesser, ApiKey.New("gfhotel"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        Assert.InRange(int.Parse(refused.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await MeAsync(guesser, hotelKey)).Response.StatusCode);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await MeAsync(guesser, null)).Response.StatusCode);

        Assert.Equal(StatusCodes.Status200OK, (await MeAsync(IPAddress.Parse("203.0.113.8"), hotelKey)).Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, (await MeAsync(IPAddress.Parse("2001:db8::8"), app.AdminKey)).Response.StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_with_forwarded_headers_on_the_guesser_is_refused_by_its_own_address_and_other_clients_of_the_proxy_are_not()
    {
        await using var proxied = new EmbeddedGeofence(new Dictionary<string, string>
        {
            ["RateLimits:FailedAuthPerMinute"] = $"{FailuresAllowed}",
            ["FORWARDEDHEADERS_ENABLED"] = "true", // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true in a deployment
        });
        var proxy = IPAddress.Parse("10.0.0.2");

        for (var i = 0; i < FailuresAllowed; i++)
            Assert.Equal(StatusCodes.Status401Unauthorized, (await MeAsync(proxied, proxy, ApiKey.New("gfhotel"), forwardedFor: "203.0.113.7")).Response.StatusCode);

        Assert.Equal(StatusCodes.Status429TooManyRequests, (await MeAsync(proxied, proxy, proxied.AdminKey, forwardedFor: "203.0.113.7")).Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, (await MeAsync(proxied, proxy, proxied.AdminKey, forwardedFor: "198.51.100.9")).Response.StatusCode);
    }

    [Fact]
    public async Task Valid_keys_never_count_as_failures()
    {
        var source = IPAddress.Parse("198.51.100.20");

        for (var i = 0; i < FailuresAllowed * 3; i++)
            Assert.Equal(StatusCodes.Status200OK, (await MeAsync(source, app.AdminKey)).Response.StatusCode);
    }

    [Fact]
    public void Hashes_are_compared_whole_and_a_near_miss_does_not_match()
    {
        var hash = ApiKey.Hash(app.AdminKey);

        Assert.True(ApiKey.HashesEqual(hash, ApiKey.Hash(app.AdminKey)));
        Assert.False(ApiKey.HashesEqual(hash, hash[..^1] + (hash[^1] == '0' ? '1' : '0')));
        Assert.False(ApiKey.HashesEqual(hash, hash[..^1]));
    }

    /// <summary>A request from a given address: the test server lets the connection's remote address be set, as a socket would.</summary>
    private Task<HttpContext> MeAsync(IPAddress source, string? key) => MeAsync(app, source, key);

    private static Task<HttpContext> MeAsync(EmbeddedGeofence system, IPAddress source, string? key, string? forwardedFor = null) =>
        system.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/api/v1/me";
            context.Connection.RemoteIpAddress = source;
            if (key is not null) context.Request.Headers[ApiKey.Header] = key;
            if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }, TestContext.Current.CancellationToken);
}
