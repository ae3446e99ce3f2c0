using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Campaigns;

/// <summary>
/// Moves every scheduled or running campaign on, one step each per pass (<see cref="CampaignSteps"/>), each step in a
/// scope of its own. Runs on every replica: each step claims what it changes, so replicas share the work. While any
/// campaign had something to do it goes straight on; when none had, it waits <see cref="CampaignSettings.PollInterval"/>.
/// A failed step is logged and tried again at the next pass.
/// </summary>
public sealed class CampaignRunner(IServiceScopeFactory scopes, CampaignSettings settings, TimeProvider time, ILogger<CampaignRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var worked = 0;
                try
                {
                    worked = await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not look at the campaigns; trying again at the next tick");
                }
                if (worked == 0) await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One step for every campaign that may have something to do; returns how many did something.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Guid> active;
        await using (var scope = scopes.CreateAsyncScope())
        {
            active = await scope.ServiceProvider.GetRequiredService<NotifierDb>().Campaigns.AsNoTracking()
                .Where(c => c.Status == Campaign.Scheduled || c.Status == Campaign.Running)
                .OrderBy(c => c.CreatedAtMs).Select(c => c.CampaignId).ToListAsync(ct);
        }
        var worked = 0;
        foreach (var campaignId in active)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<CampaignSteps>().StepAsync(campaignId, ct);
                if (outcome is not (CampaignSteps.Idle or CampaignSteps.Waiting or CampaignSteps.QuietHours)) worked++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Campaign {CampaignId}: a step failed; trying again at the next tick", campaignId);
            }
        }
        return worked;
    }
}
