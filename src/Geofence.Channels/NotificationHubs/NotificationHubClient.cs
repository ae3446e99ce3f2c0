using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Geofence.Channels.Fcm;
using Geofence.Channels.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Channels.NotificationHubs;

/// <summary>
/// Azure Notification Hubs REST: a direct send to one device handle, fcmv1 format for Android and apple for iOS.
/// One instance per process (it holds the send-rate limiter).
/// </summary>
public sealed class NotificationHubClient : IPushProvider, IDisposable
{
    public const string ProviderName = "notificationhubs";

    private readonly HttpClient http;
    private readonly NotificationHubOptions options;
    private readonly NotificationHubConnectionString connection;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Uri sendUri;

    public NotificationHubClient(HttpClient http, NotificationHubOptions options, TimeProvider? time = null, ILogger<NotificationHubClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        this.http = http;
        this.options = options;
        connection = options.Connection;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<NotificationHubClient>.Instance;
        sendUri = new Uri($"{options.EffectiveBaseUrl}/{Uri.EscapeDataString(options.HubName)}/messages/?api-version=2015-01&direct");
        Limiter = new SendRateLimiter(options.MaxPerSecond, this.time, options.BackgroundShare);
    }

    public string Name => ProviderName;

    internal SendRateLimiter Limiter { get; }

    public async Task<ProviderResult> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await Limiter.WaitAsync(message.Priority, cancellationToken);
        var (format, body) = message.Platform == PushPlatform.Ios
            ? ("apple", AppleBody(message))
            : ("fcmv1", new JsonObject { ["message"] = FcmMessage.Untargeted(message, options.TimeToLive) });
        var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = new StringContent(body.ToJsonString(ProviderJson.Options), Encoding.UTF8, "application/json"),
        };
        var signature = SharedAccessSignature.Create(sendUri, connection.KeyName, connection.Key, time.GetUtcNow() + options.SignatureTimeToLive);
        request.Headers.TryAddWithoutValidation("Authorization", signature);
        request.Headers.Add("ServiceBusNotification-DeviceHandle", message.DeviceToken);
        request.Headers.Add("ServiceBusNotification-Format", format);
        request.Headers.Add("TrackingId", message.NotificationId.ToString());
        var result = await ProviderExchange.SendAsync(http, request, (r, ct) => InterpretAsync(r, message, ct), cancellationToken);
        return result.Logged(logger, Name, message.NotificationId);
    }

    private async Task<ProviderResult> InterpretAsync(HttpResponseMessage response, PushMessage message, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
            return new ProviderResult.Accepted(NotificationId(response.Headers.Location) ?? message.NotificationId.ToString());

        var retryAfter = ProviderExchange.RetryAfter(response, time);
        var code = $"http-{(int)response.StatusCode}";
        if (ProviderExchange.IsTransient(response.StatusCode) || (response.StatusCode == HttpStatusCode.Forbidden && retryAfter is not null))
            return new ProviderResult.Retry(retryAfter, code);

        var action = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.NotFound => ErrorAction.Configuration,
            _ => ErrorAction.Rejected,
        };
        var detail = ProviderText.Scrub(ErrorDetail(await response.Content.ReadAsStringAsync(cancellationToken)));
        return new ProviderResult.Rejected(new ProviderError(action, code, detail));
    }

    private static JsonObject AppleBody(PushMessage message)
    {
        var body = new JsonObject
        {
            ["aps"] = new JsonObject
            {
                ["alert"] = new JsonObject { ["title"] = message.Title, ["body"] = message.Body },
                ["sound"] = "default",
            },
        };
        foreach (var (key, value) in message.Data ?? new Dictionary<string, string>())
            if (key != "aps") body[key] = value;
        return body;
    }

    /// <summary>The Location header names the notification: <c>…/{hub}/messages/{id}?api-version=…</c>.</summary>
    private static string? NotificationId(Uri? location)
    {
        if (location is null) return null;
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
        var last = path.TrimEnd('/').Split('/')[^1];
        return last is "" or "messages" ? null : Uri.UnescapeDataString(last);
    }

    /// <summary>Errors come as <c>&lt;Error&gt;&lt;Code/&gt;&lt;Detail/&gt;&lt;/Error&gt;</c>; anything else is kept as text.</summary>
    private static string ErrorDetail(string body)
    {
        try
        {
            return XDocument.Parse(body).Root?.Element("Detail")?.Value ?? body;
        }
        catch (System.Xml.XmlException)
        {
            return body;
        }
    }

    public void Dispose() => Limiter.Dispose();
}
