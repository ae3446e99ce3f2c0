using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Geofence.Messaging.Bus;

/// <summary>
/// The bus in <c>/health/ready</c>. MassTransit's own check calls a bus cut off from its broker Degraded, which answers
/// 200: a service that can neither receive nor publish is not ready, so anything short of Healthy is Unhealthy here (503).
/// </summary>
internal sealed class BusReadiness(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        return Task.FromResult(health.Status == BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy(health.Description)
            : HealthCheckResult.Unhealthy(health.Description, health.Exception));
    }
}
