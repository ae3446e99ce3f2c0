using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geofence.Channels.Sending;
using Geofence.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Channels.Zalo;

/// <summary>
/// Zalo Notification Service: a registered template to the Zalo account of a phone number. On -124 (access token
/// invalid) it refreshes the token once and retries once. One instance per process (it holds the limiter and the
/// refresh gate).
/// </summary>
public sealed class ZaloZnsClient : IDisposable
{
    public const string ProviderName = "zalo";
    private const string TokenInvalid = "-124";

    private readonly HttpClient http;
    private readonly ZaloOptions options;
    private readonly IZaloTokenStore tokens;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ZaloTokenRefresh refresh;
    private readonly Uri sendUri;

    public ZaloZnsClient(HttpClient http, ZaloOptions options, IZaloTokenStore? tokens = null, TimeProvider? time = null, ILogger<ZaloZnsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        this.http = http;
        this.options = options;
        this.tokens = tokens ?? new InMemoryZaloTokenStore(options.InitialTokens);
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<ZaloZnsClient>.Instance;
        refresh = new ZaloTokenRefresh(http, options, this.tokens, this.time, this.logger);
        sendUri = new Uri($"{options.BaseUrl.TrimEnd('/')}/message/template");
        Limiter = new SendRateLimiter(options.MaxPerSecond, this.time, options.BackgroundShare);
    }

    public string Name => ProviderName;

    internal SendRateLimiter Limiter { get; }

    public async Task<ProviderResult> SendAsync(ZaloTemplateMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!RecipientPhone.TryVietnameseInternational(message.Phone, out var phone))
        {
            logger.LogWarning("Zalo: notification {NotificationId} is not for a Vietnamese number ({Phone})", message.NotificationId, PhoneNumber.Redact(message.Phone));
            return new ProviderResult.Rejected(new ProviderError(ErrorAction.InvalidRecipient, "not-vietnamese", "ZNS sends only to +84 numbers"));
        }

        var current = await tokens.GetAsync(cancellationToken);
        var result = await SendOnceAsync(message, phone, current.AccessToken, cancellationToken);
        if (IsTokenInvalid(result))
        {
            var (fresh, failure) = await refresh.RefreshAsync(current.AccessToken, cancellationToken);
            result = fresh is null ? failure! : await SendOnceAsync(message, phone, fresh.AccessToken, cancellationToken);
        }
        return result.Logged(logger, Name, message.NotificationId);
    }

    private async Task<ProviderResult> SendOnceAsync(ZaloTemplateMessage message, string phone, string accessToken, CancellationToken cancellationToken)
    {
        await Limiter.WaitAsync(message.Priority, cancellationToken);
        var body = new JsonObject
        {
            ["phone"] = phone,
            ["template_id"] = string.IsNullOrWhiteSpace(message.TemplateId) ? options.TemplateId : message.TemplateId,
            ["template_data"] = new JsonObject(message.TemplateData.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["tracking_id"] = message.NotificationId.ToString(),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = new StringContent(body.ToJsonString(ProviderJson.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("access_token", accessToken);
        return await ProviderExchange.SendAsync(http, request, InterpretAsync, cancellationToken);
    }

    private async Task<ProviderResult> InterpretAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) return ProviderExchange.HttpFailure(response, time);

        var json = await ProviderExchange.ReadJsonAsync(response, cancellationToken);
        if (json.Text("error") is not { } code) return ProviderExchange.Unreadable;
        if (code == "0")
        {
            var data = json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("data", out var d) ? d : default;
            return data.Text("msg_id") is { Length: > 0 } messageId ? new ProviderResult.Accepted(messageId) : ProviderExchange.Unreadable;
        }

        ProviderResult Reject(ErrorAction action) =>
            new ProviderResult.Rejected(new ProviderError(action, code, ProviderText.Scrub(json.Text("message"))));
        return code switch
        {
            "-100" => new ProviderResult.Retry(ProviderExchange.RetryAfter(response, time), code),
            "-108" => Reject(ErrorAction.InvalidRecipient),
            "-118" => Reject(ErrorAction.NoAccountOnChannel),
            "-109" or TokenInvalid => Reject(ErrorAction.Configuration),
            _ => Reject(ErrorAction.Rejected),
        };
    }

    private static bool IsTokenInvalid(ProviderResult result) => result is ProviderResult.Rejected { Error.Code: TokenInvalid };

    public void Dispose()
    {
        refresh.Dispose();
        Limiter.Dispose();
    }
}
