using System.Text.Json;
using Geofence.Contracts;
using Geofence.Templates;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Rules;

/// <summary>The templates and the policy in force on this replica: an immutable pair, swapped whole.</summary>
public sealed record MessagingRules(TemplateSet Templates, MessagingPolicy Policy)
{
    public static MessagingRules BuiltIn { get; } = new(TemplateSet.BuiltIn, PolicyRules.Default);
}

/// <summary>
/// Holds this replica's <see cref="MessagingRules"/>. Readers take <see cref="Current"/> once per decision and see one
/// consistent pair; a change builds a new pair and swaps it in, the higher version winning whatever order changes arrive in.
/// </summary>
public sealed class MessagingRulesHolder(ILogger<MessagingRulesHolder> logger)
{
    private MessagingRules current = MessagingRules.BuiltIn;

    public MessagingRules Current => Volatile.Read(ref current);

    /// <summary>Swaps the template set in unless this replica already has that version or a newer one.</summary>
    public bool Apply(MessageTemplatesChanged change) =>
        Swap(r => change.Version > r.Templates.Version ? r with { Templates = TemplateSet.With(change.Version, change.Templates) } : null,
            "Templates", change.Version);

    /// <summary>Swaps the policy in unless this replica already has that version or a newer one.</summary>
    public bool Apply(MessagingPolicy policy) =>
        Swap(r => policy.Version > r.Policy.Version ? r with { Policy = policy } : null, "Policy", policy.Version);

    private bool Swap(Func<MessagingRules, MessagingRules?> change, string what, long version)
    {
        while (true)
        {
            var seen = Current;
            var next = change(seen);
            if (next is null) return false;
            if (ReferenceEquals(Interlocked.CompareExchange(ref current, next, seen), seen))
            {
                logger.LogInformation("{What} version {Version} in force", what, version);
                return true;
            }
        }
    }
}

/// <summary>A setting the Notifier keeps: the newest template set or policy it was told of, as JSON (<c>notifier_settings</c>).</summary>
public sealed class NotifierSetting
{
    public const string Templates = "templates";
    public const string Policy = "policy";

    public required string Name { get; set; }
    public long Version { get; set; }
    public required string Json { get; set; }
    public DateTime ChangedAt { get; set; }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Reads and writes the stored settings.</summary>
public static class StoredRules
{
    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/> unless a newer or equal version is stored.</summary>
    public static async Task StoreAsync<T>(NotifierDb db, string name, long version, T value, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await db.Settings.FirstOrDefaultAsync(s => s.Name == name, ct);
        if (stored is null) db.Settings.Add(stored = new NotifierSetting { Name = name, Json = "" });
        else if (stored.Version >= version) return;
        (stored.Version, stored.Json, stored.ChangedAt) = (version, JsonSerializer.Serialize(value, NotifierSetting.JsonOptions), now.UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Applies what is stored to <paramref name="holder"/> (nothing stored: the built-in rules stay).</summary>
    public static async Task LoadAsync(NotifierDb db, MessagingRulesHolder holder, CancellationToken ct)
    {
        foreach (var setting in await db.Settings.AsNoTracking().ToListAsync(ct))
        {
            if (setting.Name == NotifierSetting.Templates)
            {
                var templates = JsonSerializer.Deserialize<MessageTemplate[]>(setting.Json, NotifierSetting.JsonOptions) ?? [];
                holder.Apply(new MessageTemplatesChanged(setting.Version, templates, setting.ChangedAt));
            }
            else if (setting.Name == NotifierSetting.Policy
                     && JsonSerializer.Deserialize<MessagingPolicy>(setting.Json, NotifierSetting.JsonOptions) is { } policy)
                holder.Apply(policy);
        }
    }
}
