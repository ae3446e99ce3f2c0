using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Geofence.Channels.Zalo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Geofence.Testing.Providers;

/// <summary>
/// Zalo's ZNS template endpoint and its OAuth refresh. Only the current access token is accepted (-124 otherwise);
/// the refresh token works once, and a refresh takes a moment, as a real one does, so concurrent senders overlap.
/// </summary>
public sealed partial class FakeZalo : IAsyncDisposable
{
    private readonly Lock gate = new();
    private string accessToken = "access-" + Guid.NewGuid().ToString("N");
    private string refreshToken = "refresh-" + Guid.NewGuid().ToString("N");
    private int refreshes;
    private int tokenRefusals;

    public required FakeProviderServer Server { get; init; }
    public string AppId { get; } = "4" + Random.Shared.NextInt64(100_000_000, 999_999_999);
    public string SecretKey { get; } = Guid.NewGuid().ToString("N");
    public string TemplateId { get; } = "2310" + Random.Shared.Next(100, 999);
    /// <summary>Templates registered besides <see cref="TemplateId"/> (the department's managed ones).</summary>
    public ConcurrentBag<string> OtherTemplateIds { get; } = [];
    /// <summary>Numbers (as Zalo writes them: 84…) without a Zalo account: answered -118, so the Dispatcher falls back to SMS.</summary>
    public PhoneSet PhonesWithoutZalo { get; } = new();
    public ConcurrentQueue<JsonObject> Delivered { get; } = new();
    /// <summary>Every accepted message by recipient (E.164) and tracking_id (the notification id).</summary>
    public RecipientLog Recipients { get; } = new();
    public TimeSpan RefreshTakes { get; set; } = TimeSpan.FromMilliseconds(200);
    public int Refreshes => Volatile.Read(ref refreshes);
    public int TokenRefusals => Volatile.Read(ref tokenRefusals);

    public ZaloTokens Current
    {
        get { lock (gate) return new ZaloTokens(accessToken, refreshToken); }
    }

    public static async Task<FakeZalo> StartAsync()
    {
        FakeZalo? fake = null;
        var server = await FakeProviderServer.StartAsync(
            app =>
            {
                app.MapPost("/message/template", (HttpRequest request) => fake!.SendTemplateAsync(request));
                app.MapPost("/v4/oa/access_token", (HttpRequest request) => fake!.RefreshAsync(request));
            },
            path => path.StartsWithSegments("/message"));
        fake = new FakeZalo { Server = server };
        return fake;
    }

    /// <summary>Options whose access token has expired, so the first send must refresh.</summary>
    public ZaloOptions OptionsWithExpiredAccessToken() => new()
    {
        AccessToken = "expired-" + Guid.NewGuid().ToString("N"),
        RefreshToken = Current.RefreshToken,
        AppId = AppId,
        SecretKey = SecretKey,
        TemplateId = TemplateId,
        BaseUrl = Server.BaseUrl,
        OAuthBaseUrl = Server.BaseUrl,
    };

    public ZaloOptions Options()
    {
        var options = OptionsWithExpiredAccessToken();
        options.AccessToken = Current.AccessToken;
        return options;
    }

    private async Task<IResult> SendTemplateAsync(HttpRequest request)
    {
        if (request.Headers["access_token"] != Current.AccessToken)
        {
            Interlocked.Increment(ref tokenRefusals);
            return Error(-124, "Access token is invalid");
        }
        if (await JsonNode.ParseAsync(request.Body) is not JsonObject body) return Error(-100, "Bad body");
        var phone = body["phone"]?.GetValue<string>() ?? "";
        if (!InternationalMobile().IsMatch(phone)) return Error(-108, $"Phone number {phone} is invalid");
        if (body["template_id"]?.GetValue<string>() is not { } templateId || (templateId != TemplateId && !OtherTemplateIds.Contains(templateId))) return Error(-109, "Template id is invalid");
        if (body["template_data"] is not JsonObject || body["tracking_id"] is null) return Error(-100, "template_data and tracking_id are required");
        if (PhonesWithoutZalo.Contains(phone)) return Error(-118, "Zalo account not existed");

        Delivered.Enqueue(body);
        Recipients.Record("+" + phone, body["tracking_id"]!.ToString());
        var reply = new JsonObject
        {
            ["error"] = 0,
            ["message"] = "Success",
            ["data"] = new JsonObject
            {
                ["msg_id"] = Guid.NewGuid().ToString("N"),
                ["sent_time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["quota"] = new JsonObject { ["dailyQuota"] = "500", ["remainingQuota"] = "499" },
            },
        };
        return Results.Content(reply.ToJsonString(), "application/json");
    }

    private async Task<IResult> RefreshAsync(HttpRequest request)
    {
        await Task.Delay(RefreshTakes);
        if (request.Headers["secret_key"] != SecretKey) return Error(-14001, "Invalid secret key");
        var form = await request.ReadFormAsync();
        if (form["app_id"] != AppId || form["grant_type"] != "refresh_token") return Error(-14002, "Invalid app_id or grant_type");
        lock (gate)
        {
            if (form["refresh_token"] != refreshToken) return Error(-14014, "Invalid refresh token");
            accessToken = "access-" + Guid.NewGuid().ToString("N");
            refreshToken = "refresh-" + Guid.NewGuid().ToString("N");
            Interlocked.Increment(ref refreshes);
            return Results.Content(
                new JsonObject { ["access_token"] = accessToken, ["refresh_token"] = refreshToken, ["expires_in"] = "90000" }.ToJsonString(),
                "application/json");
        }
    }

    /// <summary>Zalo answers failures with HTTP 200 and a non-zero error.</summary>
    public static string ErrorJson(int code, string message) => new JsonObject { ["error"] = code, ["message"] = message }.ToJsonString();

    private static IResult Error(int code, string message) => Results.Content(ErrorJson(code, message), "application/json");

    [GeneratedRegex(@"^84\d{9}$")]
    private static partial Regex InternationalMobile();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
