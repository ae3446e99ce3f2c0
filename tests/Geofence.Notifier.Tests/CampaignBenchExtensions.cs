using Geofence.Contracts;
using Geofence.Notifier.Audiences;
using Geofence.Notifier.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Notifier.Tests;

/// <summary>Audiences, campaigns and the runner on a <see cref="NotifierBench"/>: rows written as the audience API and the campaign API write them.</summary>
internal static class CampaignBenchExtensions
{
    public static async Task<Guid> AddAudienceAsync(this NotifierBench bench, IReadOnlyList<string> phones, Func<int, string?>? name = null)
    {
        var audienceId = Guid.NewGuid();
        await using var scope = bench.Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
        db.Audiences.Add(new Audience { AudienceId = audienceId, Name = "residents", Kind = Audience.Upload, Status = Audience.Ready, Members = phones.Count });
        for (var i = 0; i < phones.Count; i++)
        {
            db.AudienceMembers.Add(new AudienceMember
            {
                AudienceId = audienceId, Seq = i + 1, PersonKey = bench.Keys.ForPhone(phones[i]), Phone = bench.Cipher.Protect(phones[i])!,
                Language = "vi", Name = bench.Cipher.Protect(name?.Invoke(i)), Line = i + 2,
            });
        }
        await db.SaveChangesAsync();
        return audienceId;
    }

    public static async Task<Guid> AddCampaignAsync(this NotifierBench bench, Guid audienceId, string channels = "zalo,sms",
        TimeSpan? repeatEvery = null, int? maxRounds = 1, int? maxSmsPartsPerDay = null, string? texts = null)
    {
        var campaign = new Campaign
        {
            CampaignId = Guid.NewGuid(), Name = "install Bluezone", AudienceId = audienceId, ProvinceCode = "22", Channels = channels,
            StartAtMs = bench.Now.ToUnixTimeMilliseconds(), RepeatEveryMs = repeatEvery is { } every ? (long)every.TotalMilliseconds : null,
            MaxRounds = maxRounds, MaxSmsPartsPerDay = maxSmsPartsPerDay, Texts = texts, Status = Campaign.Scheduled,
            CreatedAtMs = bench.Now.ToUnixTimeMilliseconds(), UpdatedAtMs = bench.Now.ToUnixTimeMilliseconds(),
        };
        await using var scope = bench.Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign.CampaignId;
    }

    public static CampaignRunner NewRunner(this NotifierBench bench) =>
        new(bench.Provider.GetRequiredService<IServiceScopeFactory>(), bench.Provider.GetRequiredService<CampaignSettings>(), bench.Time,
            NullLogger<CampaignRunner>.Instance);

    /// <summary>Runs passes until one does nothing; returns how many did something.</summary>
    public static async Task<int> RunCampaignsAsync(this NotifierBench bench, CampaignRunner? runner = null)
    {
        runner ??= bench.NewRunner();
        var passes = 0;
        while (await runner.RunOnceAsync(CancellationToken.None) > 0) passes++;
        return passes;
    }

    public static async Task<string> StepAsync(this NotifierBench bench, Guid campaignId)
    {
        await using var scope = bench.Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignSteps>().StepAsync(campaignId, CancellationToken.None);
    }

    public static async Task<T> WithDbAsync<T>(this NotifierBench bench, Func<NotifierDb, Task<T>> read)
    {
        await using var scope = bench.Provider.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<NotifierDb>());
    }

    public static Task<List<CampaignWork>> WorkAsync(this NotifierBench bench, Guid campaignId, int round = 1) =>
        bench.WithDbAsync(db => db.CampaignWork.AsNoTracking().Where(w => w.CampaignId == campaignId && w.Round == round).OrderBy(w => w.Seq).ToListAsync());

    public static Task<Campaign> CampaignAsync(this NotifierBench bench, Guid campaignId) =>
        bench.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.CampaignId == campaignId));

    public static async Task<List<SendNotification>> CampaignMessagesAsync(this NotifierBench bench, Guid campaignId) =>
        (await bench.PublishedAsync<SendCampaignNotification>()).Select(c => c.Notification).Where(n => n.CampaignId == campaignId).ToList();

    /// <summary>What the Dispatcher reports for every queued message: sent by Zalo, or by SMS with the parts of its text.</summary>
    public static async Task ReportSentAsync(this NotifierBench bench, Guid campaignId, string channel = Channels.Sms)
    {
        foreach (var message in await bench.CampaignMessagesAsync(campaignId))
        {
            await using var scope = bench.Provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CampaignOutcomes>().RecordAsync(new NotificationSent(message.NotificationId, channel, "fake", "m-1",
                bench.Now, campaignId, channel == Channels.Sms ? message.SmsTextParts ?? 1 : 0), CancellationToken.None);
        }
    }

    public static async Task RecordAsync(this NotifierBench bench, Func<CampaignOutcomes, Task> record)
    {
        await using var scope = bench.Provider.CreateAsyncScope();
        await record(scope.ServiceProvider.GetRequiredService<CampaignOutcomes>());
    }
}
