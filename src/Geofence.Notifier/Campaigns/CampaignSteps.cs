using System.Security.Cryptography;
using System.Text;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using Geofence.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Geofence.Notifier.Campaigns;

/// <summary>
/// One step of one campaign, in one transaction: start it when due, plan a chunk of its round, release a batch of its
/// messages, or close its round (and schedule the next one or finish it). Every step claims what it changes with a
/// conditional update first, so that replicas running the same step at once do it once, and a step cut short by a crash
/// leaves the campaign where the last commit left it.
/// </summary>
public sealed class CampaignSteps(
    NotifierDb db,
    PersonGate gate,
    NotificationComposer composer,
    MessagingRulesHolder rules,
    PersonKeys personKeys,
    FieldCipher cipher,
    CampaignSettings settings,
    TimeProvider time,
    ILogger<CampaignSteps> logger)
{
    /// <summary>What a step did, as logged and as tests read it.</summary>
    public const string Idle = "idle", Started = "started", Planned = "planned", Released = "released", Waiting = "waiting",
        QuietHours = "quiet-hours", Guarded = "spend-guard", RoundDone = "round-done", Finished = "done";

    /// <summary>The suppression reason of a person whose number cannot be read.</summary>
    public const string Unreadable = "unreadable";

    private const int InsertRows = 1_000;

    /// <summary>The notification id of a person's message in a round: a name-based UUID (version 8) from SHA-256, the same whoever computes it.</summary>
    public static Guid NotificationIdFor(Guid campaignId, int round, string personKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"geofence-campaign:{campaignId:N}:{round}:{personKey}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>Does the next thing <paramref name="campaignId"/> needs; returns what it did.</summary>
    public async Task<string> StepAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.CampaignId == campaignId, ct);
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        if (campaign is null) return Idle;
        if (campaign.Status == Campaign.Scheduled) return campaign.StartAtMs <= nowMs ? await StartAsync(campaign, nowMs, ct) : Idle;
        if (campaign.Status != Campaign.Running) return Idle;

        var round = await db.CampaignRounds.AsNoTracking()
            .FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.Round == campaign.CurrentRound, ct);
        if (round is null || round.DueAtMs > nowMs) return Idle;
        if (round.Status == CampaignRound.Planning) return await PlanChunkAsync(campaign, round, nowMs, ct);
        if (round.Status != CampaignRound.Sending) return Idle;
        if (!await Work(round).AnyAsync(w => w.Status == CampaignWork.Pending || w.Status == CampaignWork.Queued, ct))
            return await FinishRoundAsync(campaign, round, nowMs, ct);
        return await ReleaseAsync(campaign, round, now, ct);
    }

    private IQueryable<CampaignWork> Work(CampaignRound round) =>
        db.CampaignWork.Where(w => w.CampaignId == round.CampaignId && w.Round == round.Round);

    private async Task<string> StartAsync(Campaign campaign, long nowMs, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Campaigns
            .Where(c => c.CampaignId == campaign.CampaignId && c.Status == Campaign.Scheduled && c.CurrentRound == 0)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Running).SetProperty(c => c.CurrentRound, 1)
                .SetProperty(c => c.UpdatedAtMs, nowMs), ct);
        if (claimed == 0) return Idle;
        db.CampaignRounds.Add(new CampaignRound { CampaignId = campaign.CampaignId, Round = 1, Status = CampaignRound.Planning, DueAtMs = nowMs });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Campaign {CampaignId} started", campaign.CampaignId);
        return Started;
    }

    /// <summary>
    /// Copies the next <see cref="CampaignSettings.PlanChunk"/> audience members after <see cref="CampaignRound.PlannedThroughSeq"/>
    /// into the round's work, leaving out people who opted out or installed the app; the round's progress moves in the
    /// same transaction, so that a crash repeats the chunk and <c>ON CONFLICT DO NOTHING</c> writes nobody twice.
    /// </summary>
    private async Task<string> PlanChunkAsync(Campaign campaign, CampaignRound round, long nowMs, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var from = round.PlannedThroughSeq;
        // The round's row first: a replica planning the same chunk waits here, then finds it planned and stops.
        var claimed = await db.CampaignRounds
            .Where(r => r.CampaignId == round.CampaignId && r.Round == round.Round && r.Status == CampaignRound.Planning && r.PlannedThroughSeq == from)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.StartedAtMs, r => r.StartedAtMs ?? nowMs), ct);
        if (claimed == 0) return Idle;

        var (read, last, inserted) = db.Database.IsNpgsql()
            ? await PlanChunkOnPostgresAsync(campaign, round, from, nowMs, ct)
            : await PlanChunkPortablyAsync(campaign, round, from, nowMs, ct);
        var through = last ?? from;
        var planned = read < settings.PlanChunk;
        await db.CampaignRounds.Where(r => r.CampaignId == round.CampaignId && r.Round == round.Round)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PlannedThroughSeq, through).SetProperty(r => r.Planned, r => r.Planned + inserted)
                .SetProperty(r => r.Status, planned ? CampaignRound.Sending : CampaignRound.Planning), ct);
        await transaction.CommitAsync(ct);
        if (planned) logger.LogInformation("Campaign {CampaignId} round {Round} planned", round.CampaignId, round.Round);
        return Planned;
    }

    private async Task<(int Read, long? Last, int Inserted)> PlanChunkPortablyAsync(Campaign campaign, CampaignRound round, long from, long nowMs,
        CancellationToken ct)
    {
        var chunk = await db.AudienceMembers.AsNoTracking()
            .Where(m => m.AudienceId == campaign.AudienceId && m.Seq > from)
            .OrderBy(m => m.Seq).Take(settings.PlanChunk)
            .Select(m => new
            {
                m.Seq,
                m.PersonKey,
                Excluded = db.OptOuts.WhereActive().Any(o => o.PersonKey == m.PersonKey)
                    || db.People.Any(p => p.PersonKey == m.PersonKey && p.InstalledAtMs != null)
                    || db.Devices.Any(d => d.PhoneKey == m.PersonKey && d.BluezoneInstalled),
            })
            .ToListAsync(ct);
        var inserted = 0;
        var kept = chunk.Where(m => !m.Excluded).Select(m => (m.Seq, m.PersonKey)).ToList();
        for (var i = 0; i < kept.Count; i += InsertRows)
            inserted += await InsertWorkAsync(round, kept.Skip(i).Take(InsertRows).ToList(), nowMs, ct);
        return (chunk.Count, chunk.Count > 0 ? chunk[^1].Seq : null, inserted);
    }

    /// <summary>
    /// The same in one statement on PostgreSQL, nothing travelling to the Notifier: the notification id is computed by
    /// the server exactly as <see cref="NotificationIdFor"/> computes it.
    /// </summary>
    private async Task<(int Read, long? Last, int Inserted)> PlanChunkOnPostgresAsync(Campaign campaign, CampaignRound round, long from,
        long nowMs, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            """
            WITH chunk AS (
                SELECT m.seq, m.person_key FROM notifier_audience_members m
                WHERE m.audience_id = @audience AND m.seq > @from ORDER BY m.seq LIMIT @limit),
            kept AS (
                SELECT c.seq, c.person_key,
                       sha256(convert_to('geofence-campaign:' || replace(@campaign::text, '-', '') || ':' || @round::text || ':' || c.person_key, 'UTF8')) AS h
                FROM chunk c
                WHERE NOT EXISTS (SELECT 1 FROM notifier_opt_outs o WHERE o."PersonKey" = c.person_key AND o."OptedOutAt" IS NOT NULL
                                  AND (o."LiftedAt" IS NULL OR o."OptedOutAt" > o."LiftedAt"))
                  AND NOT EXISTS (SELECT 1 FROM notifier_people p WHERE p.person_key = c.person_key AND p.installed_at_ms IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM notifier_devices d WHERE d."PhoneKey" = c.person_key AND d."BluezoneInstalled")),
            inserted AS (
                INSERT INTO notifier_campaign_work (campaign_id, round, seq, person_key, notification_id, status, sms_parts, updated_at_ms)
                SELECT @campaign, @round, k.seq, k.person_key,
                       encode(set_byte(set_byte(substring(k.h from 1 for 16), 6, (get_byte(k.h, 6) & 15) | 128), 8, (get_byte(k.h, 8) & 63) | 128), 'hex')::uuid,
                       @pending, 0, @now
                FROM kept k
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM chunk), (SELECT max(seq) FROM chunk), (SELECT count(*) FROM inserted)
            """;
        void Add(string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        Add("audience", campaign.AudienceId);
        Add("from", from);
        Add("limit", settings.PlanChunk);
        Add("campaign", round.CampaignId);
        Add("round", round.Round);
        Add("pending", CampaignWork.Pending);
        Add("now", nowMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return ((int)reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), (int)reader.GetInt64(2));
    }

    private Task<int> InsertWorkAsync(CampaignRound round, IReadOnlyList<(long Seq, string PersonKey)> rows, long nowMs, CancellationToken ct)
    {
        var sql = new StringBuilder(
            "INSERT INTO notifier_campaign_work (campaign_id, round, seq, person_key, notification_id, status, sms_parts, updated_at_ms) VALUES ");
        var parameters = new List<object>(3 + rows.Count * 3) { round.CampaignId, round.Round, nowMs, CampaignWork.Pending };
        for (var i = 0; i < rows.Count; i++)
        {
            var p = parameters.Count;
            if (i > 0) sql.Append(',');
            sql.Append($"({{0}},{{1}},{{{p}}},{{{p + 1}}},{{{p + 2}}},{{3}},0,{{2}})");
            parameters.Add(rows[i].Seq);
            parameters.Add(rows[i].PersonKey);
            parameters.Add(NotificationIdFor(round.CampaignId, round.Round, rows[i].PersonKey));
        }
        sql.Append(" ON CONFLICT DO NOTHING");
        return db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
    }

    /// <summary>
    /// Releases the next pending messages in seq order, up to the batch and what <see cref="CampaignSettings.InFlight"/>
    /// leaves, unless quiet hours hold campaigns or the spend guard is reached (then the campaign pauses itself).
    /// </summary>
    private async Task<string> ReleaseAsync(Campaign campaign, CampaignRound round, DateTimeOffset now, CancellationToken ct)
    {
        var inForce = rules.Current;
        if (InQuietHours(inForce.Policy.QuietHours, now)) return QuietHours;
        var room = Math.Min(settings.ReleaseBatch, settings.InFlight - await Work(round).CountAsync(w => w.Status == CampaignWork.Queued, ct));
        if (room <= 0) return Waiting;
        var channels = campaign.Channels.Split(',');
        var smsAllowed = channels.Contains(Channels.Sms);
        long? budget = null;
        if (campaign.MaxSmsPartsPerDay is { } max && smsAllowed)
        {
            budget = max - await SmsPartsTodayAsync(campaign.CampaignId, inForce.Policy.QuietHours.TimeZone, now, ct);
            if (budget <= 0) return await GuardAsync(campaign, now, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Paused or cancelled since it was read: nothing more goes out.
        if (!await StillRunningAsync(campaign.CampaignId, ct)) return Idle;
        var batch = await NextPendingAsync(round, room, ct);
        if (batch.Count == 0) return Idle;
        var keys = batch.Select(w => w.PersonKey).ToList();
        await gate.LockAllAsync(keys, now, ct);
        var members = await db.AudienceMembers.AsNoTracking()
            .Where(m => m.AudienceId == campaign.AudienceId && keys.Contains(m.PersonKey)).ToDictionaryAsync(m => m.PersonKey, ct);
        var optedOut = (await db.OptOuts.WhereActive().Where(o => keys.Contains(o.PersonKey)).Select(o => o.PersonKey).ToListAsync(ct)).ToHashSet();
        var installed = (await db.People.Where(p => keys.Contains(p.PersonKey) && p.InstalledAtMs != null).Select(p => p.PersonKey).ToListAsync(ct))
            .Concat(await db.Devices.Where(d => d.PhoneKey != null && keys.Contains(d.PhoneKey) && d.BluezoneInstalled).Select(d => d.PhoneKey!).ToListAsync(ct))
            .ToHashSet();
        var capped = await gate.CappedAmongAsync(keys, inForce.Policy.Caps, now, ct);
        var texts = CampaignTexts.Parse(campaign.Texts);
        var nowMs = now.ToUnixTimeMilliseconds();
        var (released, guarded) = (0, false);
        foreach (var row in batch)
        {
            if (budget <= 0)
            {
                guarded = true;
                break;
            }
            var (phone, name) = members.TryGetValue(row.PersonKey, out var member) ? Open(member) : (null, null);
            var addressee = new Addressee(name ?? "", "", member?.Language, null);
            var language = NotificationComposer.LanguageFor(addressee, phone);
            // A row whose number cannot be read (no longer in the audience, sealed with another key) is closed, not retried forever.
            var reason = phone is null ? Unreadable
                : !PhoneNumber.IsMobile(phone) ? Recipient.NotMobileReason
                : optedOut.Contains(row.PersonKey) ? "opted-out"
                : installed.Contains(row.PersonKey) ? "already-installed"
                : capped.Contains(row.PersonKey) ? "capped"
                : null;
            if (reason is not null)
            {
                if (!await ClaimAsync(row, reason, 0, nowMs, ct)) continue; // another replica has it
                db.Outbox.Add(OutboxMessage.For(new NotificationSuppressed(row.NotificationId, reason, row.PersonKey, language, Triggers.Campaign,
                    campaign.ProvinceCode, null, now, CampaignId: campaign.CampaignId, CampaignRound: round.Round), now));
                continue;
            }
            var recipient = channels.Contains(Channels.Push)
                ? await Recipient.ResolveAsync(db, personKeys, cipher, phone, null, ct)
                : new Recipient(row.PersonKey, phone, null, null);
            var command = composer.Compose(row.NotificationId, TemplatePurposes.Campaign, Triggers.Campaign, campaign.ProvinceCode, null,
                recipient with { PersonKey = row.PersonKey }, addressee, language, inForce, now, texts) with
            {
                CampaignId = campaign.CampaignId,
                CampaignRound = round.Round,
                AllowedChannels = channels,
            };
            var parts = smsAllowed ? command.SmsTextParts ?? 0 : 0;
            if (!await ClaimAsync(row, null, parts, nowMs, ct)) continue; // another replica has it
            budget -= parts;
            gate.Record(row.NotificationId, row.PersonKey, now);
            db.Outbox.Add(OutboxMessage.For(new SendCampaignNotification(command), now));
            released++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Campaign {CampaignId} round {Round}: {Released} released of {Batch}", campaign.CampaignId, round.Round, released, batch.Count);
        return guarded ? await GuardAsync(campaign, now, ct) : Released;
    }

    private (string? Phone, string? Name) Open(Audiences.AudienceMember member)
    {
        try
        {
            return (cipher.Unprotect(member.Phone), cipher.Unprotect(member.Name));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            logger.LogWarning("Campaign work for audience {AudienceId} seq {Seq}: the stored number cannot be read", member.AudienceId, member.Seq);
            return (null, null);
        }
    }

    /// <summary>Campaigns never send inside the quiet-hours window, whatever triggers it lists, unless quiet hours are off (no channels).</summary>
    public static bool InQuietHours(QuietHours quiet, DateTimeOffset now) =>
        quiet.Channels is { Length: > 0 }
        && PolicyRules.DeferredUntil(quiet with { Channels = [Channels.Sms], Triggers = [Triggers.Campaign] }, Channels.Sms, Triggers.Campaign, now) is not null;

    /// <summary>
    /// Whether the campaign is still running, read inside the release's transaction. On PostgreSQL the row is held
    /// <c>FOR SHARE</c> until the release commits, so a pause (an update of that row) waits for a release already under
    /// way and, once it answers, nothing more is released. Replicas releasing at once share the lock. SQLite has one
    /// writer at a time, so there the pause is ordered before or after the whole release anyway.
    /// </summary>
    private async Task<bool> StillRunningAsync(Guid campaignId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? (await db.Database.SqlQueryRaw<int>(
                    """SELECT 1 AS "Value" FROM notifier_campaigns WHERE campaign_id = {0} AND status = {1} FOR SHARE""",
                    campaignId, Campaign.Running)
                .ToListAsync(ct)).Count > 0
            : await db.Campaigns.AnyAsync(c => c.CampaignId == campaignId && c.Status == Campaign.Running, ct);

    /// <summary>The round's next pending rows in seq order; on PostgreSQL rows another replica is releasing are skipped.</summary>
    private Task<List<CampaignWork>> NextPendingAsync(CampaignRound round, int count, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.CampaignWork.FromSqlRaw(
                    """
                    SELECT * FROM notifier_campaign_work WHERE campaign_id = {0} AND round = {1} AND status = {2}
                    ORDER BY seq LIMIT {3} FOR UPDATE SKIP LOCKED
                    """, round.CampaignId, round.Round, CampaignWork.Pending, count)
                .AsNoTracking().ToListAsync(ct)
            : Work(round).Where(w => w.Status == CampaignWork.Pending).OrderBy(w => w.Seq).Take(count).AsNoTracking().ToListAsync(ct);

    /// <summary>
    /// The row becomes queued with the SMS parts it may spend, or suppressed for <paramref name="reason"/>, if it is still
    /// pending; false when another replica took it.
    /// </summary>
    private async Task<bool> ClaimAsync(CampaignWork row, string? reason, int smsParts, long nowMs, CancellationToken ct) =>
        await db.CampaignWork
            .Where(w => w.CampaignId == row.CampaignId && w.Round == row.Round && w.PersonKey == row.PersonKey && w.Status == CampaignWork.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(w => w.Status, reason == null ? CampaignWork.Queued : CampaignWork.Suppressed)
                .SetProperty(w => w.Reason, reason)
                .SetProperty(w => w.QueuedAtMs, reason == null ? nowMs : (long?)null)
                .SetProperty(w => w.SmsParts, smsParts)
                .SetProperty(w => w.UpdatedAtMs, nowMs), ct) == 1;

    /// <summary>SMS parts the campaign spent today in <paramref name="timeZone"/> (sent) or may spend (queued).</summary>
    public async Task<long> SmsPartsTodayAsync(Guid campaignId, string timeZone, DateTimeOffset now, CancellationToken ct)
    {
        var dayStart = StartOfDay(timeZone, now).ToUnixTimeMilliseconds();
        return await db.CampaignWork
            .Where(w => w.CampaignId == campaignId && (w.Status == CampaignWork.Queued
                || ((w.Status == CampaignWork.Sent || w.Status == CampaignWork.Delivered || w.Status == CampaignWork.Undelivered) && w.SentAtMs >= dayStart)))
            .SumAsync(w => (long)w.SmsParts, ct);
    }

    private static DateTimeOffset StartOfDay(string timeZone, DateTimeOffset now)
    {
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(PolicyRules.DefaultTimeZone);
        }
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    private async Task<string> GuardAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var paused = await db.Campaigns.Where(c => c.CampaignId == campaign.CampaignId && c.Status == Campaign.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Paused).SetProperty(c => c.StatusReason, Campaign.SpendGuard)
                .SetProperty(c => c.UpdatedAtMs, now.ToUnixTimeMilliseconds()), ct);
        if (paused > 0)
            logger.LogWarning("Campaign {CampaignId} paused itself: it reached its spend guard of {Max} SMS parts a day",
                campaign.CampaignId, campaign.MaxSmsPartsPerDay);
        return Guarded;
    }

    /// <summary>
    /// Closes a round with nothing pending or queued, and schedules the next at start + k × repeatEvery, or finishes the
    /// campaign when it had its rounds, repeats never, or the next would start after its end.
    /// </summary>
    private async Task<string> FinishRoundAsync(Campaign campaign, CampaignRound round, long nowMs, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.CampaignRounds
            .Where(r => r.CampaignId == round.CampaignId && r.Round == round.Round && r.Status == CampaignRound.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, CampaignRound.Done).SetProperty(r => r.FinishedAtMs, nowMs), ct);
        if (closed == 0) return Idle;
        var nextDue = campaign.RepeatEveryMs is { } every ? campaign.StartAtMs + round.Round * every : (long?)null;
        var done = nextDue is null || round.Round >= (campaign.MaxRounds ?? int.MaxValue) || nextDue >= campaign.EndAtMs;
        var current = db.Campaigns.Where(c => c.CampaignId == campaign.CampaignId && c.CurrentRound == round.Round);
        // A campaign paused while its last outcomes came in is done all the same; a cancelled one stays cancelled.
        if (done)
            await current.Where(c => c.Status == Campaign.Running || c.Status == Campaign.Paused)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Done).SetProperty(c => c.UpdatedAtMs, nowMs), ct);
        else
        {
            await current.ExecuteUpdateAsync(u => u.SetProperty(c => c.CurrentRound, round.Round + 1).SetProperty(c => c.UpdatedAtMs, nowMs), ct);
            db.CampaignRounds.Add(new CampaignRound
            {
                CampaignId = campaign.CampaignId, Round = round.Round + 1, Status = CampaignRound.Planning, DueAtMs = nextDue!.Value,
            });
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Campaign {CampaignId} round {Round} done{Next}", campaign.CampaignId, round.Round, done ? "; campaign done" : "");
        return done ? Finished : RoundDone;
    }
}
