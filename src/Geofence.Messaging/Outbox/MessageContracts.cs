using System.Collections.Concurrent;
using System.Text.Json;
using Geofence.Messaging.MessageData;
using MassTransit;

namespace Geofence.Messaging.Outbox;

/// <summary>
/// The names messages are stored under: MassTransit's message URN (<c>urn:message:Geofence.Contracts:GuestCheckedIn</c>),
/// the same name the broker routes by. A class that is renamed or moved to another assembly keeps its rows readable
/// by keeping its URN (<c>[MessageUrn]</c>).
/// </summary>
public static class MessageContracts
{
    private static readonly ConcurrentDictionary<string, Type> Known = new(StringComparer.Ordinal);

    /// <summary>How outbox bodies are written and read: MassTransit's options (so that its types, MessageData, round-trip), unindented;
    /// rows written before a payload went by claim check are read too (<see cref="InlineStringMessageDataConverter"/>).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = InlineStringMessageDataConverter.AddTo(
        new(MassTransit.Serialization.SystemTextJsonMessageSerializer.Options) { WriteIndented = false });

    public static string NameOf(Type type)
    {
        var name = MessageUrn.ForTypeString(type);
        Known.TryAdd(name, type);
        return name;
    }

    public static Type Resolve(string name)
    {
        if (Known.TryGetValue(name, out var type)) return type;
        // Rows written before contract names kept the assembly-qualified type name.
        if (!name.StartsWith("urn:", StringComparison.Ordinal))
            return Type.GetType(name, throwOnError: true)!;
        foreach (var candidate in AppDomain.CurrentDomain.GetAssemblies()
                     .Where(a => a.GetName().Name?.StartsWith("Geofence", StringComparison.Ordinal) == true)
                     .SelectMany(a => a.GetExportedTypes())
                     .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
            Known.TryAdd(MessageUrn.ForTypeString(candidate), candidate);
        return Known.TryGetValue(name, out type) ? type : throw new InvalidOperationException($"No message contract is named {name}.");
    }
}
