using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Templates;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Policy;

/// <summary>
/// The department's messaging policy: every save is a new version, and the Notifiers are told through the outbox in
/// the same transaction. With nothing saved, <see cref="PolicyRules.Default"/> (version 0) is in force.
/// </summary>
public sealed class PolicyHistory(AdminDb db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<MessagingPolicy> InForceAsync(CancellationToken ct)
    {
        var stored = await db.Policies.AsNoTracking().OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        return stored is null ? PolicyRules.Default : Read(stored);
    }

    public async Task<MessagingPolicy?> VersionAsync(int version, CancellationToken ct) =>
        version == 0 ? PolicyRules.Default
            : await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Version == version, ct) is { } stored ? Read(stored) : null;

    /// <summary>Saves <paramref name="policy"/> as the next version and publishes it; a concurrent save of that version fails on the key.</summary>
    public async Task<MessagingPolicy> SaveAsync(MessagingPolicy policy, string? savedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var version = (await db.Policies.MaxAsync(p => (int?)p.Version, ct) ?? 0) + 1;
        var saved = policy with { Version = version };
        db.Policies.Add(new StoredPolicy
        {
            Version = version, Note = saved.Note, SavedAt = now.UtcDateTime, SavedBy = savedBy,
            Document = JsonSerializer.Serialize(PolicyDocument.From(saved), Json),
        });
        db.Outbox.Add(OutboxMessage.For(new MessagingPolicyChanged(saved, now), now));
        await db.SaveChangesAsync(ct); // one transaction: the version and its announcement, or neither
        return saved;
    }

    private static MessagingPolicy Read(StoredPolicy stored)
    {
        var document = JsonSerializer.Deserialize<PolicyDocument>(stored.Document, Json)!;
        var errors = new ServiceDefaults.Problems.FieldErrors();
        return document.ToPolicy(stored.Version, errors)
               ?? throw new InvalidDataException(
                   $"Stored policy version {stored.Version} no longer reads: {errors.ToProblem().ProblemDetails.Detail}");
    }
}
