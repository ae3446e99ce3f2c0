using System.Text;
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

    /// <summary>
    /// The largest body a message may have (UTF-8): a broker carries notices, not data. A large payload travels by
    /// claim check (a <c>MessageData</c> property, stored by the messaging layer's repository).
    /// </summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <exception cref="MessageTooLargeException">The message's body would be over <see cref="MaxBodyBytes"/>.</exception>
    public static OutboxMessage For<T>(T message, DateTimeOffset now, DateTimeOffset? notBefore = null) where T : class
    {
        var body = JsonSerializer.Serialize(message, MessageContracts.JsonOptions);
        var contract = MessageContracts.NameOf(typeof(T));
        var size = Encoding.UTF8.GetByteCount(body);
        if (size > MaxBodyBytes) throw new MessageTooLargeException(contract, size);
        return new OutboxMessage
        {
            Contract = contract,
            Body = body,
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

/// <summary>A message whose body is over <see cref="OutboxMessage.MaxBodyBytes"/>: its large part must go by claim check.</summary>
public sealed class MessageTooLargeException(string contract, int bytes) : InvalidOperationException(
    $"A {contract} message of {bytes} bytes is over the {OutboxMessage.MaxBodyBytes} bytes a message may carry; send its large part as MessageData.")
{
    public string Contract { get; } = contract;
    public int Bytes { get; } = bytes;
}
