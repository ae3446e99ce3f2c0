using System.Net;
using System.Text;
using Geofence.ServiceDefaults;
using Geofence.Testing;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API8:2023, security misconfiguration. Every answer carries <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: no-referrer</c>, <c>X-Frame-Options: DENY</c> and a CSP with <c>frame-ancestors 'none'</c>;
/// API answers <c>Cache-Control: no-store</c>; HSTS is sent by Production over https (not tested here: the test server
/// speaks http). Problems never carry a stack trace or an exception's type. Production refuses to start with the
/// development <c>Privacy__PhoneHashKey</c> or an admin key shorter than 32 characters.
/// </summary>
public sealed class Api8SecurityMisconfigurationTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/v1/me", true)]
    [InlineData("GET", "/api/v1/me", false)]
    [InlineData("GET", "/api/v1/hotels", true)]
    [InlineData("POST", "/api/v1/hotels", true)]
    [InlineData("GET", "/api/v1/no-such-endpoint", true)]
    [InlineData("GET", "/health/live", false)]
    [InlineData("GET", "/openapi/v1.json", false)]
    [InlineData("GET", "/o/not-a-token", false)]
    public async Task Every_answer_carries_the_security_headers(string method, string path, bool withKey)
    {
        using var response = await SendAsync(api.Ingest, new HttpMethod(method), path, withKey ? app.AdminKey : null, method == "POST" ? new { } : null);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
        if (path.StartsWith("/api/", StringComparison.Ordinal)) Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // http, Development
    }

    [Theory]
    [InlineData("/api/v1/hotels", "{\"propertyId\": ")]
    [InlineData("/api/v1/hotels", "{\"propertyId\": {\"deep\": [[[[1]]]]}, \"name\": 5, \"provinceCode\": true}")]
    [InlineData("/api/v1/admin-keys", "[1, 2, 3]")]
    [InlineData("/api/v1/policy", "\"just a string\"")]
    [InlineData("/api/v1/geofences", "{\"type\": \"FeatureCollection\", \"features\": 7}")]
    [InlineData("/api/v1/campaigns", "{\"audienceId\": 1e400}")]
    public async Task A_problem_never_shows_a_stack_trace_or_an_exception_type(string path, string body)
    {
        var method = path == "/api/v1/policy" ? HttpMethod.Put : HttpMethod.Post;

        using var response = await SendAsync(api.AdminClient, method, path, app.AdminKey, new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var leak in new[] { "   at ", "Exception", "System.", "Geofence.", "stackTrace", ".cs:line" })
            Assert.False(text.Contains(leak, StringComparison.Ordinal), $"{path} answered {text}");
    }

    [Fact]
    public async Task Production_refuses_to_start_with_an_admin_key_shorter_than_32_characters()
    {
        var refused = await RefusalAsync(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Auth:BootstrapAdminKey"] = "only-31-characters-long-0123456",
            ["Privacy:PhoneHashKey"] = $"test-phone-key-{Guid.NewGuid():N}",
        });

        Assert.Contains("Auth__BootstrapAdminKey", refused.Message);
        Assert.Contains("32", refused.Message);
    }

    [Fact]
    public async Task Production_refuses_to_start_with_the_development_phone_hash_key()
    {
        var refused = await RefusalAsync(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Auth:BootstrapAdminKey"] = $"test-admin-{Guid.NewGuid():N}",
            ["Privacy:PhoneHashKey"] = "development-only-phone-hash-key-do-not-use-in-production",
        });

        Assert.Contains("Privacy__PhoneHashKey", refused.Message);
        Assert.Contains("development", refused.Message);
    }

    [Fact]
    public async Task Development_still_takes_a_16_character_admin_key()
    {
        await using var development = new EmbeddedGeofence(new Dictionary<string, string> { ["Auth:BootstrapAdminKey"] = "sixteen-chars-ok" });

        using var response = await SendAsync(development.CreateClient(), HttpMethod.Get, "/api/v1/me", "sixteen-chars-ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Starts the host as configured and returns why it refused: the refusal the process would print before exiting with 1.</summary>
    private static async Task<StartupRefusedException> RefusalAsync(Dictionary<string, string> settings)
    {
        await using var production = new EmbeddedGeofence(settings);
        var error = Record.Exception(() => production.CreateClient());
        for (var e = error; e is not null; e = e.InnerException)
            if (e is StartupRefusedException refused) return refused;
        throw new Xunit.Sdk.XunitException($"The host did not refuse to start: {error?.ToString() ?? "it started"}");
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);
}
