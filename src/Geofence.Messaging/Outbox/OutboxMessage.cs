using System.Text.Json;

namespace Geofence.Messaging.Outbox;

/// <summary>
/// A message a service has decided to publish, stored in the same transaction as the decision so that a crash
/// between the two cannot lose it. The relay publishes it and marks it published.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>The message's contract name (<see cref="MessageContracts"/>); rows older than migration OutboxContractName hold an assembly-qualified type name.</summary>
    public required string Contract { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public Guid? ClaimToken { get; set; }
    public int Attempts { get; set; }
    /// <summary>Not published before this time: a message a service hands back to itself for later.</summary>
    public DateTime? NotBefore { get; set; }

    public static OutboxMessage For<T>(T message, DateTimeOffset now, DateTimeOffset? notBefore = null) where T : class
    {
        return new OutboxMessage
        {
            Contract = MessageContracts.NameOf(typeof(T)),
            Body = JsonSerializer.Serialize(message, MessageContracts.JsonOptions),
            CreatedAt = now.UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
        };
    }

    public object Deserialize(out Type type)
    {
        type = MessageContracts.Resolve(Contract);
        return JsonSerializer.Deserialize(Body, type, MessageContracts.JsonOptions)!;
    }
}
