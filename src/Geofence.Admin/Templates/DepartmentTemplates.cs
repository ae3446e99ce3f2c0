using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Templates;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Templates;

/// <summary>
/// The department's templates over the built-in ones: every save is a new version of one template, and after each
/// change the Notifiers are told the whole saved set (versioned) through the outbox, in the same transaction.
/// </summary>
public sealed class DepartmentTemplates(AdminDb db, TimeProvider time)
{
    /// <summary>The saved templates in force, one per purpose, channel and language at most.</summary>
    public Task<List<StoredTemplate>> CurrentAsync(CancellationToken ct) =>
        db.Templates.AsNoTracking().Where(t => t.IsCurrent).ToListAsync(ct);

    /// <summary>The built-in templates with the saved ones over them, as the Notifiers have them.</summary>
    public async Task<TemplateSet> InForceAsync(CancellationToken ct)
    {
        var version = await db.TemplateSetVersions.MaxAsync(v => (long?)v.Version, ct) ?? 0;
        return TemplateSet.With(version, (await CurrentAsync(ct)).Select(ToMessage));
    }

    /// <summary>Every saved version of one template, newest first.</summary>
    public Task<List<StoredTemplate>> VersionsAsync(TemplateKey key, CancellationToken ct) =>
        Of(db.Templates.AsNoTracking(), key).OrderByDescending(t => t.Version).ToListAsync(ct);

    /// <summary>
    /// Saves <paramref name="template"/> as the next version of its template and publishes the set. Two saves of the
    /// same template at once would take the same version: the unique index refuses the second (a DbUpdateException).
    /// </summary>
    public async Task<StoredTemplate> SaveAsync(MessageTemplate template, string savedBy, CancellationToken ct)
    {
        var key = new TemplateKey(template.Purpose, template.Channel, template.Language);
        var now = time.GetUtcNow();
        var current = await db.Templates.Where(t => t.IsCurrent).ToListAsync(ct);
        var version = (await Of(db.Templates, key).MaxAsync(t => (int?)t.Version, ct) ?? 0) + 1;
        foreach (var previous in current.Where(t => key.Matches(t))) previous.IsCurrent = false;
        var row = ToRow(template with { Version = version }, now.UtcDateTime, savedBy);
        db.Templates.Add(row);
        await PublishAsync(current.Where(t => t.IsCurrent).Append(row), now, ct);
        await db.SaveChangesAsync(ct); // one transaction: the version, the set's version and its announcement
        return row;
    }

    /// <summary>One saved version of a template; null when there is no such version.</summary>
    public Task<StoredTemplate?> VersionAsync(TemplateKey key, int version, CancellationToken ct) =>
        Of(db.Templates.AsNoTracking(), key).FirstOrDefaultAsync(t => t.Version == version, ct);

    /// <summary>Drops the department's own text for <paramref name="key"/>: the built-in one (version 0) is in force again.</summary>
    public async Task ResetAsync(TemplateKey key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var current = await db.Templates.Where(t => t.IsCurrent).ToListAsync(ct);
        foreach (var previous in current.Where(t => key.Matches(t))) previous.IsCurrent = false;
        await PublishAsync(current.Where(t => t.IsCurrent), now, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task PublishAsync(IEnumerable<StoredTemplate> current, DateTimeOffset now, CancellationToken ct)
    {
        var version = (await db.TemplateSetVersions.MaxAsync(v => (long?)v.Version, ct) ?? 0) + 1;
        db.TemplateSetVersions.Add(new TemplateSetVersion { Version = version, ChangedAt = now.UtcDateTime });
        var templates = current.OrderBy(t => t.Purpose).ThenBy(t => t.Channel).ThenBy(t => t.Language).Select(ToMessage).ToArray();
        db.Outbox.Add(OutboxMessage.For(new MessageTemplatesChanged(version, templates, now), now));
    }

    private static IQueryable<StoredTemplate> Of(IQueryable<StoredTemplate> templates, TemplateKey key) =>
        templates.Where(t => t.Purpose == key.Purpose && t.Channel == key.Channel && t.Language == key.Language);

    public static MessageTemplate ToMessage(StoredTemplate t) => new(t.Purpose, t.Channel, t.Language, t.Version, t.Title, t.Text,
        t.KeepDiacritics, t.ZaloTemplateId, t.ZaloParams is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(t.ZaloParams));

    private static StoredTemplate ToRow(MessageTemplate t, DateTime savedAt, string savedBy) => new()
    {
        Purpose = t.Purpose, Channel = t.Channel, Language = t.Language, Version = t.Version, Title = t.Title, Text = t.Text,
        KeepDiacritics = t.KeepDiacritics, ZaloTemplateId = t.ZaloTemplateId,
        ZaloParams = t.ZaloParams is null ? null : JsonSerializer.Serialize(t.ZaloParams), SavedAt = savedAt, SavedBy = savedBy, IsCurrent = true,
    };
}

/// <summary>Which template: purpose, channel and language, as the API spells them.</summary>
public sealed record TemplateKey(string Purpose, string Channel, string Language)
{
    public bool Matches(StoredTemplate t) => t.Purpose == Purpose && t.Channel == Channel && t.Language == Language;
}
