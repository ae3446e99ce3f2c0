using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Geofence.Channels.NotificationHubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Geofence.Testing.Providers;

/// <summary>
/// Notification Hubs' direct-send endpoint. It recomputes the SAS signature from its own copy of the key (with
/// HttpUtility, as the official SDK does, not with the client's code) and answers 401 for a wrong or expired one;
/// it checks the query, the device-handle and format headers and the body of each format.
/// </summary>
public sealed class FakeNotificationHub : IAsyncDisposable
{
    public const string KeyName = "DefaultFullSharedAccessSignature";
    private int notificationNumber;

    public required FakeProviderServer Server { get; init; }
    public string HubName { get; } = $"arrivals-{Guid.NewGuid():N}"[..16];
    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public ConcurrentQueue<Delivery> Delivered { get; } = new();

    public sealed record Delivery(string Format, string DeviceHandle, string TrackingId, JsonObject Body);

    public static async Task<FakeNotificationHub> StartAsync()
    {
        FakeNotificationHub? fake = null;
        var server = await FakeProviderServer.StartAsync(app =>
            app.MapPost("/{hub}/messages/", (HttpRequest request, string hub) => fake!.SendAsync(request, hub)));
        fake = new FakeNotificationHub { Server = server };
        return fake;
    }

    public NotificationHubOptions Options(string? key = null) => new()
    {
        ConnectionString = $"Endpoint=sb://geofence-test.servicebus.windows.net/;SharedAccessKeyName={KeyName};SharedAccessKey={key ?? Key}",
        HubName = HubName,
        BaseUrl = Server.BaseUrl,
    };

    private async Task<IResult> SendAsync(HttpRequest request, string hub)
    {
        if (SignatureProblem(request) is { } problem) return Error(401, problem);
        if (hub != HubName) return Error(404, "The requested resource does not exist.");
        if (request.Query["api-version"] != "2015-01" || !request.Query.ContainsKey("direct"))
            return Error(400, "api-version=2015-01 and direct are required for a direct send");
        var handle = request.Headers["ServiceBusNotification-DeviceHandle"].ToString();
        var format = request.Headers["ServiceBusNotification-Format"].ToString();
        if (handle.Length == 0) return Error(400, "ServiceBusNotification-DeviceHandle is required");
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            contentType.MediaType != "application/json" || !"utf-8".Equals(contentType.CharSet, StringComparison.OrdinalIgnoreCase))
            return Error(400, "Content-Type must be application/json;charset=utf-8");

        var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        var bodyProblem = format switch
        {
            "fcmv1" when body?["message"] is not JsonObject message => "fcmv1 needs {\"message\":{...}}",
            "fcmv1" when new[] { "token", "topic", "condition" }.Any(t => ((JsonObject)body!["message"]!).ContainsKey(t)) =>
                "a direct send's fcmv1 message must not name a target",
            "apple" when body?["aps"] is not JsonObject => "apple needs an aps dictionary",
            "fcmv1" or "apple" => null,
            _ => $"format '{format}' is not supported here",
        };
        if (bodyProblem is not null) return Error(400, bodyProblem);

        Delivered.Enqueue(new Delivery(format, handle, request.Headers["TrackingId"].ToString(), body!));
        var id = $"{Interlocked.Increment(ref notificationNumber)}-{Guid.NewGuid():N}";
        return Results.Created($"{Server.BaseUrl}/{hub}/messages/{id}?api-version=2015-01", null);
    }

    private string? SignatureProblem(HttpRequest request)
    {
        const string scheme = "SharedAccessSignature ";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(scheme, StringComparison.Ordinal)) return "MissingToken: the Authorization header is missing";
        var fields = header[scheme.Length..].Split('&').Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1]);
        if (!fields.TryGetValue("sr", out var sr) || !fields.TryGetValue("sig", out var sig) ||
            !fields.TryGetValue("se", out var se) || !fields.TryGetValue("skn", out var skn)) return "InvalidSignature: sr, sig, se and skn are required";

        var path = request.Path.Value!.EndsWith('/') ? request.Path.Value : request.Path.Value + "/";
        var expectedResource = HttpUtility.UrlEncode($"http://{request.Host.Host}{path}".ToLowerInvariant());
        if (sr != expectedResource) return "InvalidAudience: the token is for another resource";
        if (HttpUtility.UrlDecode(skn) != KeyName) return "UnknownKeyName";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes($"{sr}\n{se}")));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(HttpUtility.UrlDecode(sig))))
            return "InvalidSignature: the token has an invalid signature";
        if (long.Parse(se, System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
            return "ExpiredToken: the token is expired";
        return null;
    }

    private static IResult Error(int status, string detail) =>
        Results.Content($"<Error><Code>{status}</Code><Detail>{detail}</Detail></Error>", "application/xml", statusCode: status);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
