using Microsoft.Extensions.Logging;

namespace Geofence.Channels.Sending;

/// <summary>One log line per refused or deferred send, naming the notification and never the recipient.</summary>
internal static class OutcomeLog
{
    public static ProviderResult Logged(this ProviderResult result, ILogger logger, string provider, Guid notificationId)
    {
        switch (result)
        {
            case ProviderResult.Accepted accepted:
                logger.LogDebug("{Provider} accepted notification {NotificationId} as {ProviderMessageId}", provider, notificationId, accepted.ProviderMessageId);
                break;
            case ProviderResult.Rejected { Error: var error }:
                logger.LogWarning("{Provider} refused notification {NotificationId}: {Code} → {Action} ({Detail})", provider, notificationId, error.Code, error.Action, error.Detail);
                break;
            case ProviderResult.Retry retry:
                logger.LogInformation("{Provider} deferred notification {NotificationId}: {Reason}, retry after {RetryAfter}", provider, notificationId, retry.Reason, retry.RetryAfter);
                break;
        }
        return result;
    }
}
