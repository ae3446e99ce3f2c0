using System.Collections.Concurrent;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary>
/// When each key was last used, kept in memory and handed out at most once per <see cref="AuthSettings.KeyUsageFlushInterval"/>
/// so that a busy key costs no write per request: the bus carries the batch to Admin, which keeps <c>lastUsedAt</c>.
/// </summary>
public sealed class ApiKeyUsage
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> pending = new();

    public void Record(string keyHash, DateTimeOffset at) =>
        pending.AddOrUpdate(keyHash, at, (_, known) => at > known ? at : known);

    /// <summary>The uses recorded since the last call, each key once with its latest time.</summary>
    public IReadOnlyList<(string KeyHash, DateTimeOffset LastUsedAt)> Take()
    {
        var taken = new List<(string, DateTimeOffset)>();
        foreach (var hash in pending.Keys)
        {
            if (pending.TryRemove(hash, out var at)) taken.Add((hash, at));
        }
        return taken;
    }
}
