using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Geofence.Channels.Fcm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Geofence.Testing.Providers;

/// <summary>
/// Google's OAuth token endpoint and FCM HTTP v1 as CHANNELS.md describes them. The token endpoint verifies the RS256
/// assertion against the public half of a service-account key made for this test; the send endpoint checks the
/// bearer, the project, the single target, string-only data and the 4 KB limit.
/// </summary>
public sealed partial class FakeFcm : IAsyncDisposable
{
    private const string GoogleTokenUrl = "https://oauth2.googleapis.com/token";
    private const string ClientEmail = "dispatcher@geofence-test.iam.gserviceaccount.com";
    private readonly RSA serviceAccountKey = RSA.Create(2048);
    private readonly RSA trustedKey;
    private readonly ConcurrentDictionary<string, byte> issuedTokens = new();
    private readonly string keyFile = Path.Combine(Path.GetTempPath(), $"fcm-key-{Guid.NewGuid():N}.json");
    private int tokenRequests;
    private int messageNumber;

    private FakeFcm(bool trustsTheKey) => trustedKey = trustsTheKey ? serviceAccountKey : RSA.Create(2048);

    public required FakeProviderServer Server { get; init; }
    public string ProjectId { get; } = $"geofence-{Guid.NewGuid():N}"[..20];
    public ConcurrentBag<string> DeadTokens { get; } = [];
    public ConcurrentBag<string> ForeignTokens { get; } = [];
    public ConcurrentBag<string> MalformedTokens { get; } = [];
    public ConcurrentQueue<JsonObject> Delivered { get; } = new();
    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>The service-account key file a Dispatcher process is configured with.</summary>
    public string KeyFile => keyFile;

    private string TokenUri => $"{Server.BaseUrl}/token";

    /// <param name="trustsTheKey">false: the token endpoint knows a different public key, as after a key was revoked.</param>
    public static async Task<FakeFcm> StartAsync(bool trustsTheKey = true)
    {
        FakeFcm? fake = null;
        var server = await FakeProviderServer.StartAsync(
            app =>
            {
                app.MapPost("/token", (HttpRequest request) => fake!.IssueTokenAsync(request.HttpContext));
                app.MapPost("/v1/projects/{project}/{action}", (HttpContext c, string project, string action) => fake!.SendAsync(c, project, action));
            },
            path => path.StartsWithSegments("/v1"));
        fake = new FakeFcm(trustsTheKey) { Server = server };
        await File.WriteAllTextAsync(fake.keyFile, fake.KeyFileJson());
        return fake;
    }

    public FcmOptions Options() => new() { ProjectId = ProjectId, ServiceAccountFile = keyFile, BaseUrl = Server.BaseUrl };

    private string KeyFileJson() => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = "test-key-1",
        ["private_key"] = serviceAccountKey.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "1234567890",
        ["token_uri"] = TokenUri,
    }.ToJsonString();

    private async Task<IResult> IssueTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer") return InvalidGrant("unsupported grant_type");
        var problem = AssertionProblem(form["assertion"].ToString());
        if (problem is not null) return InvalidGrant(problem);
        var token = $"ya29.{Guid.NewGuid():N}";
        issuedTokens[token] = 0;
        return Results.Json(new { access_token = token, expires_in = 3599, token_type = "Bearer" });
    }

    private string? AssertionProblem(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3) return "assertion is not a JWT";
        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256") return "alg must be RS256";
        if (!trustedKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)) return "Invalid JWT Signature.";
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var c = claims.RootElement;
        if (c.GetProperty("iss").GetString() != ClientEmail) return "wrong iss";
        if (!(c.GetProperty("scope").GetString() ?? "").Split(' ').Contains(FcmClient.Scope)) return "scope lacks firebase.messaging";
        // Google.Apis.Auth names Google's token endpoint as the audience even when token_uri points elsewhere; the
        // fake plays Google, so it takes either that canonical name or its own address.
        if (c.GetProperty("aud").GetString() is not { } aud || (aud != TokenUri && aud != GoogleTokenUrl)) return "aud must be the token endpoint";
        var iat = c.GetProperty("iat").GetInt64();
        var exp = c.GetProperty("exp").GetInt64();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (exp - iat > 3600 || exp <= now || iat > now + 300) return "Invalid JWT: Token must be a short-lived token (60 minutes)";
        return null;
    }

    private async Task<IResult> SendAsync(HttpContext context, string project, string action)
    {
        var bearer = context.Request.Headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !issuedTokens.ContainsKey(bearer["Bearer ".Length..]))
            return Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        if (project != ProjectId || action != "messages:send") return Error(404, "NOT_FOUND", "Requested entity was not found.");

        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (body?["message"] is not JsonObject message) return Invalid("message is required");
        var targets = new[] { "token", "topic", "condition" }.Count(message.ContainsKey);
        if (targets != 1) return Invalid("exactly one of token, topic or condition is required");
        if (message["data"] is JsonObject data && data.Any(p => p.Value?.GetValueKind() != JsonValueKind.String))
            return Invalid("Invalid value at 'message.data': values must be strings");
        if (message["android"] is JsonObject android)
        {
            if (android["priority"]?.GetValue<string>() is not ("high" or "normal")) return Invalid("android.priority must be high or normal");
            if (android["ttl"] is { } ttl && !Duration().IsMatch(ttl.GetValue<string>())) return Invalid("android.ttl must be a duration like 3600s");
        }
        if (Encoding.UTF8.GetByteCount(message.ToJsonString(Unescaped)) > FcmClient.MaxPayloadBytes) return Invalid("Message is too big");

        var token = message["token"]?.GetValue<string>();
        if (token is not null && DeadTokens.Contains(token)) return FcmError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        if (token is not null && ForeignTokens.Contains(token)) return FcmError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");
        if (token is not null && MalformedTokens.Contains(token))
            return FcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", $"The registration token is not a valid FCM registration token: {token}");

        Delivered.Enqueue(message);
        return Results.Json(new { name = $"projects/{ProjectId}/messages/0:{Interlocked.Increment(ref messageNumber)}" });
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IResult Invalid(string why) => FcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", why);

    public static string ErrorJson(int code, string status, string? errorCode, string message)
    {
        var details = errorCode is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = errorCode });
        return new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status, ["details"] = details },
        }.ToJsonString();
    }

    private static IResult FcmError(int code, string status, string errorCode, string message) =>
        Results.Content(ErrorJson(code, status, errorCode, message), "application/json", statusCode: code);

    private static IResult Error(int code, string status, string message) =>
        Results.Content(ErrorJson(code, status, null, message), "application/json", statusCode: code);

    private static IResult InvalidGrant(string why) =>
        Results.Json(new { error = "invalid_grant", error_description = why }, statusCode: 400);

    private static byte[] Base64Url(string part)
    {
        var s = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    [GeneratedRegex(@"^\d+(\.\d{1,9})?s$")]
    private static partial Regex Duration();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        File.Delete(keyFile);
        if (!ReferenceEquals(trustedKey, serviceAccountKey)) trustedKey.Dispose();
        serviceAccountKey.Dispose();
    }
}
