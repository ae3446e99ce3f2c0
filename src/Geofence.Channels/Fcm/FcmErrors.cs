using System.Net;
using System.Text.Json;
using Geofence.Channels.Sending;

namespace Geofence.Channels.Fcm;

/// <summary>FCM's error table (CHANNELS.md) as results.</summary>
internal static class FcmErrors
{
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

    public static ProviderResult Classify(HttpStatusCode status, JsonElement? body, TimeSpan? retryAfter)
    {
        var error = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("error", out var e) ? e : default;
        var errorCode = ErrorCode(error);
        var message = error.Text("message");
        var code = errorCode ?? error.Text("status") ?? $"http-{(int)status}";
        var detail = ProviderText.Scrub(message);

        ProviderResult Reject(ErrorAction action) => new ProviderResult.Rejected(new ProviderError(action, code, detail));

        return errorCode switch
        {
            "UNREGISTERED" or "SENDER_ID_MISMATCH" => Reject(ErrorAction.DropToken),
            "THIRD_PARTY_AUTH_ERROR" => Reject(ErrorAction.Configuration),
            "INVALID_ARGUMENT" => Reject(NamesTheToken(error, message) ? ErrorAction.DropToken : ErrorAction.Rejected),
            "QUOTA_EXCEEDED" or "UNAVAILABLE" or "INTERNAL" => new ProviderResult.Retry(retryAfter, code),
            _ when ProviderExchange.IsTransient(status) => new ProviderResult.Retry(retryAfter, code),
            // Without an FCM errorCode these come from Google's front door: our service account, project or URL is wrong.
            _ when status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound =>
                Reject(ErrorAction.Configuration),
            _ => Reject(ErrorAction.Rejected),
        };
    }

    private static string? ErrorCode(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("details", out var details) ||
            details.ValueKind != JsonValueKind.Array) return null;
        return details.EnumerateArray()
            .Where(d => d.Text("@type") == FcmErrorType)
            .Select(d => d.Text("errorCode"))
            .FirstOrDefault(c => c is not null);
    }

    /// <summary>An INVALID_ARGUMENT is about the token when a field violation points at it or the message says so.</summary>
    private static bool NamesTheToken(JsonElement error, string? message)
    {
        if (message?.Contains("registration token", StringComparison.OrdinalIgnoreCase) == true) return true;
        if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("details", out var details) ||
            details.ValueKind != JsonValueKind.Array) return false;
        return details.EnumerateArray()
            .Where(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("fieldViolations", out var v) && v.ValueKind == JsonValueKind.Array)
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
            .Any(v => v.Text("field") == "message.token");
    }
}
