using System.Net.Http.Headers;
using System.Text;
using Geofence.Channels.Sending;
using Geofence.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Channels.Twilio;

/// <summary>Twilio Programmable Messaging: one SMS per call. One instance per process (it holds the send-rate limiter).</summary>
public sealed class TwilioSmsClient : ISmsProvider, IDisposable
{
    public const string ProviderName = "twilio";

    private readonly HttpClient http;
    private readonly TwilioOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Uri messagesUri;
    private readonly AuthenticationHeaderValue authorization;

    public TwilioSmsClient(HttpClient http, TwilioOptions options, TimeProvider? time = null, ILogger<TwilioSmsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        this.http = http;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<TwilioSmsClient>.Instance;
        messagesUri = new Uri($"{options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid)}/Messages.json");
        authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));
        Limiter = new SendRateLimiter(options.MaxPerSecond, this.time, options.BackgroundShare);
    }

    public string Name => ProviderName;

    internal SendRateLimiter Limiter { get; }

    public async Task<ProviderResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!RecipientPhone.IsE164(message.To))
        {
            logger.LogWarning("Twilio: notification {NotificationId} has no E.164 number ({To})", message.NotificationId, PhoneNumber.Redact(message.To));
            return new ProviderResult.Rejected(new ProviderError(ErrorAction.InvalidRecipient, "not-e164", "the number is not in E.164 form"));
        }

        await Limiter.WaitAsync(message.Priority, cancellationToken);
        var request = new HttpRequestMessage(HttpMethod.Post, messagesUri) { Content = new FormUrlEncodedContent(Form(message)) };
        request.Headers.Authorization = authorization;
        var result = await ProviderExchange.SendAsync(http, request, InterpretAsync, cancellationToken);
        return result.Logged(logger, Name, message.NotificationId);
    }

    private IEnumerable<KeyValuePair<string, string>> Form(SmsMessage message)
    {
        yield return new("To", message.To);
        yield return string.IsNullOrWhiteSpace(options.MessagingServiceSid)
            ? new("From", options.From!)
            : new("MessagingServiceSid", options.MessagingServiceSid);
        yield return new("Body", message.Text);
        if (!string.IsNullOrWhiteSpace(options.StatusCallback)) yield return new("StatusCallback", options.StatusCallback);
    }

    private async Task<ProviderResult> InterpretAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var json = await ProviderExchange.ReadJsonAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var sid = json.Text("sid");
            if (string.IsNullOrEmpty(sid)) return ProviderExchange.Unreadable;
            // Twilio creates the resource even when it fails it at once; such a message will never be delivered.
            if (json.Text("status") is "failed" or "undelivered")
                return new ProviderResult.Rejected(new ProviderError(ErrorAction.Rejected, json.Text("error_code") ?? "failed", ProviderText.Scrub(json.Text("error_message"))));
            return new ProviderResult.Accepted(sid, json.Number("num_segments"));
        }
        return TwilioErrors.Classify(response.StatusCode, json, ProviderExchange.RetryAfter(response, time));
    }

    public void Dispose() => Limiter.Dispose();
}
