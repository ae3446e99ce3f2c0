using System.Collections.Concurrent;

namespace Geofence.Testing.Providers;

/// <summary>One message a fake provider accepted: to whom (E.164), under which id the client sent it, and when.</summary>
public sealed record AcceptedMessage(string Phone, string MessageId, DateTimeOffset At);

/// <summary>
/// What a fake provider accepted, by recipient: lookups by number stay cheap for tens of thousands of recipients, so a
/// test can assert "each number once" for a whole campaign.
/// </summary>
public sealed class RecipientLog
{
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly ConcurrentQueue<AcceptedMessage> messages = new();
    private int total;

    /// <summary>Messages accepted so far, to anyone.</summary>
    public int Total => Volatile.Read(ref total);

    /// <summary>How many messages <paramref name="phone"/> (E.164) got.</summary>
    public int CountFor(string phone) => counts.GetValueOrDefault(phone);

    /// <summary>Every accepted message, in the order accepted.</summary>
    public IReadOnlyList<AcceptedMessage> Messages => messages.ToArray();

    public void Record(string phone, string messageId)
    {
        counts.AddOrUpdate(phone, 1, (_, n) => n + 1);
        messages.Enqueue(new AcceptedMessage(phone, messageId, DateTimeOffset.UtcNow));
        Interlocked.Increment(ref total);
    }
}

/// <summary>A set of numbers safe to fill and read from several threads, with constant-time lookups.</summary>
public sealed class PhoneSet
{
    private readonly ConcurrentDictionary<string, byte> phones = new();

    public int Count => phones.Count;

    public void Add(string phone) => phones.TryAdd(phone, 0);

    public bool Contains(string phone) => phones.ContainsKey(phone);
}
