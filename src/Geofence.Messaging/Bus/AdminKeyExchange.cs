using Geofence.Contracts;
using Geofence.ServiceDefaults.ApiKeys;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Messaging.Bus;

/// <summary>
/// Keeps this process's <see cref="IssuedAdminKeys"/> in step with Admin: every admin key change Admin publishes
/// reaches every process (each has a queue of its own, deleted when it stops), and a process that starts asks Admin
/// for the whole set. Hotel and feed keys in the same message are Ingest's business, not this consumer's.
/// </summary>
public sealed class AdminKeysChangedConsumer(IssuedAdminKeys keys) : IConsumer<ApiKeysChanged>
{
    /// <summary>The process's own queue: every instance of every service must hear every change.</summary>
    public static string EndpointName { get; } = $"admin-keys-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}".ToLowerInvariant();

    public Task Consume(ConsumeContext<ApiKeysChanged> context)
    {
        foreach (var key in context.Message.Keys.Where(k => k.Kind == ApiKeyKinds.Admin))
            keys.Apply(new IssuedAdminKey(key.KeyId, key.KeyHash, key.ExpiresAt, key.RevokedAt, key.ChangedAt));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Asks Admin for the admin keys once the bus is up and then every <see cref="AuthSettings.AdminKeyRefreshInterval"/>
/// (so a revocation missed while cut off from the bus is caught up), and reports the keys' last uses every
/// <see cref="AuthSettings.KeyUsageFlushInterval"/>.
/// </summary>
public sealed class AdminKeyExchange(IBusControl bus, ApiKeyUsage usage, AuthSettings settings, TimeProvider time,
    ILogger<AdminKeyExchange> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, stoppingToken);
        await Task.WhenAll(RequestKeysAsync(stoppingToken), ReportUsesAsync(stoppingToken));
    }

    private async Task RequestKeysAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bus.Publish(new AdminKeysRequested(time.GetUtcNow()), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not ask Admin for the admin keys; asking again in {Interval}", settings.AdminKeyRefreshInterval);
            }
            await Task.Delay(settings.AdminKeyRefreshInterval, time, stoppingToken);
        }
    }

    private async Task ReportUsesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(settings.KeyUsageFlushInterval, time, stoppingToken);
            var uses = usage.Take();
            if (uses.Count == 0) continue;
            try
            {
                await bus.Publish(new ApiKeysUsed([.. uses.Select(u => new ApiKeyUse(u.KeyHash, u.LastUsedAt))]), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (var (hash, at) in uses) usage.Record(hash, at); // reported with the next batch
                logger.LogWarning(e, "Could not report API key uses; they go with the next report");
            }
        }
    }
}
