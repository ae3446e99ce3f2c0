using System.Text;
using System.Text.Json.Nodes;
using Geofence.Channels.Sending;
using Geofence.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Channels.Esms;

/// <summary>
/// eSMS.vn brandname SMS (customer-care type 2, without diacritics). The notification id is the RequestId, so a
/// repeated send after a lost reply is recognised by eSMS (code 124) instead of delivered twice.
/// </summary>
public sealed class EsmsClient : ISmsProvider, IDisposable
{
    public const string ProviderName = "esms";

    private readonly HttpClient http;
    private readonly EsmsOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Uri sendUri;

    public EsmsClient(HttpClient http, EsmsOptions options, TimeProvider? time = null, ILogger<EsmsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        this.http = http;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<EsmsClient>.Instance;
        sendUri = new Uri($"{options.BaseUrl.TrimEnd('/')}/MainService.svc/json/SendMultipleMessage_V4_post_json/");
        Limiter = new SendRateLimiter(options.MaxPerSecond, this.time, options.BackgroundShare);
    }

    public string Name => ProviderName;

    /// <summary>eSMS answers 124 to a RequestId it has seen and sends nothing more.</summary>
    public bool RecognisesRepeats => true;

    internal SendRateLimiter Limiter { get; }

    public async Task<ProviderResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!RecipientPhone.TryVietnameseNational(message.To, out var phone))
        {
            logger.LogWarning("eSMS: notification {NotificationId} is not for a Vietnamese number ({To})", message.NotificationId, PhoneNumber.Redact(message.To));
            return new ProviderResult.Rejected(new ProviderError(ErrorAction.InvalidRecipient, "not-vietnamese", "eSMS sends only to +84 numbers"));
        }

        await Limiter.WaitAsync(message.Priority, cancellationToken);
        var requestId = message.NotificationId.ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = new StringContent(Body(phone, message.Text, requestId).ToJsonString(ProviderJson.Options), Encoding.UTF8, "application/json"),
        };
        var result = await ProviderExchange.SendAsync(http, request, (r, ct) => InterpretAsync(r, requestId, ct), cancellationToken);
        return result.Logged(logger, Name, message.NotificationId);
    }

    private JsonObject Body(string phone, string content, string requestId)
    {
        var body = new JsonObject
        {
            ["ApiKey"] = options.ApiKey,
            ["SecretKey"] = options.SecretKey,
            ["Phone"] = phone,
            ["Content"] = content,
            ["Brandname"] = options.Brandname,
            ["SmsType"] = "2",
            // Vietnamese goes without diacritics as plain text; a foreign guest on a local SIM may read Korean or Chinese,
            // which only arrives intact as a Unicode SMS.
            ["IsUnicode"] = content.All(char.IsAscii) ? "0" : "1",
            ["Sandbox"] = options.Sandbox ? "1" : "0",
            ["RequestId"] = requestId,
        };
        if (!string.IsNullOrWhiteSpace(options.CallbackUrl)) body["CallbackUrl"] = options.CallbackUrl;
        return body;
    }

    private async Task<ProviderResult> InterpretAsync(HttpResponseMessage response, string requestId, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) return ProviderExchange.HttpFailure(response, time);

        var json = await ProviderExchange.ReadJsonAsync(response, cancellationToken);
        if (json.Text("CodeResult") is not { } codeResult) return ProviderExchange.Unreadable;
        var smsId = json.Text("SMSID");
        ProviderResult Reject(ErrorAction action) =>
            new ProviderResult.Rejected(new ProviderError(action, codeResult, ProviderText.Scrub(json.Text("ErrorMessage"))));

        return codeResult switch
        {
            // 124: the RequestId was accepted before (a retry after a lost reply): the message is already on its way.
            "100" or "124" => new ProviderResult.Accepted(string.IsNullOrEmpty(smsId) ? requestId : smsId),
            "99" => Reject(ErrorAction.OptOut),
            "108" => Reject(ErrorAction.InvalidRecipient),
            // 103 (balance) is grouped here: an operator must top up, and until then every message fails alike.
            "101" or "103" or "104" or "140" or "146" => Reject(ErrorAction.Configuration),
            _ => Reject(ErrorAction.Rejected),
        };
    }

    public void Dispose() => Limiter.Dispose();
}
