using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Geofence.Notifier.Campaigns;

/// <summary>
/// Raises an alarm in <c>/health/ready</c> (Degraded, naming the campaigns) while any campaign is paused by its spend
/// guard, until staff resume or cancel it. Read from the database, so every replica reports the same.
/// </summary>
public sealed class CampaignAlarms(NotifierDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var guarded = await db.Campaigns.AsNoTracking()
            .Where(c => c.Status == Campaign.Paused && c.StatusReason == Campaign.SpendGuard)
            .OrderBy(c => c.CreatedAtMs).Select(c => new { c.CampaignId, c.Name, c.MaxSmsPartsPerDay }).Take(20).ToListAsync(cancellationToken);
        if (guarded.Count == 0) return HealthCheckResult.Healthy("no campaign is held by its spend guard");
        var description = string.Join("; ", guarded.Select(c =>
            $"campaign {c.CampaignId} ({c.Name}) reached its spend guard of {c.MaxSmsPartsPerDay} SMS parts a day and is paused: resume or cancel it"));
        return HealthCheckResult.Degraded(description, data: guarded.ToDictionary(c => c.CampaignId.ToString(), c => (object)Campaign.SpendGuard));
    }
}
