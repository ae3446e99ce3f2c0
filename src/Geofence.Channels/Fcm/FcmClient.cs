using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Geofence.Channels.Sending;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Channels.Fcm;

/// <summary>
/// Firebase Cloud Messaging HTTP v1. One instance per process: it holds the service-account credential (whose access
/// token Google.Apis.Auth caches until shortly before expiry) and the send-rate limiter.
/// </summary>
public sealed class FcmClient : IPushProvider, IDisposable
{
    public const string ProviderName = "fcm";
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    public const int MaxPayloadBytes = 4096;

    private readonly HttpClient http;
    private readonly FcmOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly GoogleCredential credential;
    private readonly Uri sendUri;

    public FcmClient(HttpClient http, FcmOptions options, TimeProvider? time = null, ILogger<FcmClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        this.http = http;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<FcmClient>.Instance;
        // GoogleCredential.FromFile is obsolete in Google.Apis.Auth 1.78; the typed factory also refuses non-service-account files.
        credential = CredentialFactory.FromFile<ServiceAccountCredential>(options.ServiceAccountFile)
            .ToGoogleCredential()
            .CreateScoped(Scope);
        sendUri = new Uri($"{options.BaseUrl.TrimEnd('/')}/v1/projects/{Uri.EscapeDataString(options.ProjectId)}/messages:send");
        Limiter = new SendRateLimiter(options.MaxPerSecond, this.time, options.BackgroundShare);
    }

    public string Name => ProviderName;

    internal SendRateLimiter Limiter { get; }

    public async Task<ProviderResult> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonObject { ["message"] = FcmMessage.ForDevice(message, options.TimeToLive, time.GetUtcNow()) };
        var size = Encoding.UTF8.GetByteCount(body["message"]!.ToJsonString(ProviderJson.Options));
        if (size > MaxPayloadBytes)
            return new ProviderResult.Rejected(new ProviderError(ErrorAction.Rejected, "PAYLOAD_TOO_LARGE", $"message is {size} bytes; FCM allows {MaxPayloadBytes}"))
                .Logged(logger, Name, message.NotificationId);

        var (accessToken, failure) = await AccessTokenAsync(cancellationToken);
        if (failure is not null) return failure.Logged(logger, Name, message.NotificationId);

        await Limiter.WaitAsync(message.Priority, cancellationToken);
        var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = new StringContent(body.ToJsonString(ProviderJson.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var result = await ProviderExchange.SendAsync(http, request, InterpretAsync, cancellationToken);
        return result.Logged(logger, Name, message.NotificationId);
    }

    private async Task<ProviderResult> InterpretAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var json = await ProviderExchange.ReadJsonAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK && json.Text("name") is { Length: > 0 } name)
            return new ProviderResult.Accepted(name);
        if (response.IsSuccessStatusCode) return ProviderExchange.Unreadable;
        return FcmErrors.Classify(response.StatusCode, json, ProviderExchange.RetryAfter(response, time));
    }

    private async Task<(string? Token, ProviderResult? Failure)> AccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken), null);
        }
        catch (TokenResponseException e) when (e.StatusCode is { } status && ProviderExchange.IsTransient(status))
        {
            return (null, new ProviderResult.Retry(null, $"token endpoint answered {(int)status}"));
        }
        catch (TokenResponseException e)
        {
            // invalid_grant and friends: the key was revoked, the clock is off or the account lacks the role.
            var code = $"oauth-{e.Error?.Error ?? "error"}";
            return (null, new ProviderResult.Rejected(new ProviderError(ErrorAction.Configuration, code, ProviderText.Scrub(e.Error?.ErrorDescription))));
        }
        catch (HttpRequestException e)
        {
            return (null, new ProviderResult.Retry(null, $"token endpoint network error ({e.HttpRequestError})"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ProviderResult.Retry(null, "token endpoint timeout"));
        }
    }

    public void Dispose() => Limiter.Dispose();
}
