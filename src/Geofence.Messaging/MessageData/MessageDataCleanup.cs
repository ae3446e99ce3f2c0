using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.MessageData;

/// <summary>Deletes expired claim-checked payloads every <see cref="MessageDataSettings.CleanupInterval"/>.</summary>
internal sealed class MessageDataCleanup(MessageDataRepository repository, MessageDataSettings settings, TimeProvider time, ILogger<MessageDataCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await repository.DeleteExpiredAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Message data: deleted {Count} expired payloads", deleted);
                await Task.Delay(settings.CleanupInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Message data: could not delete expired payloads; trying again in {Interval}", settings.CleanupInterval);
                await Task.Delay(settings.CleanupInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
