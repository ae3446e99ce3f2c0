using System.Net;
using System.Text.Json;
using Geofence.Channels.Sending;

namespace Geofence.Channels.Twilio;

/// <summary>Twilio's error codes (CHANNELS.md) as results.</summary>
internal static class TwilioErrors
{
    public static ProviderResult Classify(HttpStatusCode status, JsonElement? body, TimeSpan? retryAfter)
    {
        var twilioCode = body.Number("code");
        var code = twilioCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"http-{(int)status}";
        ProviderResult Reject(ErrorAction action) =>
            new ProviderResult.Rejected(new ProviderError(action, code, ProviderText.Scrub(body.Text("message"))));

        return twilioCode switch
        {
            21211 => Reject(ErrorAction.InvalidRecipient),
            21610 => Reject(ErrorAction.OptOut),
            20429 => new ProviderResult.Retry(retryAfter, code),
            _ when ProviderExchange.IsTransient(status) => new ProviderResult.Retry(retryAfter, code),
            // 20003: the account SID or auth token is wrong; every message would fail the same way.
            20003 => Reject(ErrorAction.Configuration),
            _ when status == HttpStatusCode.Unauthorized => Reject(ErrorAction.Configuration),
            _ => Reject(ErrorAction.Rejected),
        };
    }
}
