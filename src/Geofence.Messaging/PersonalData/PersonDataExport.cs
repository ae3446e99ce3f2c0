using System.Text.Json;
using Geofence.Contracts;
using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Messaging.PersonalData;

/// <summary>A service's answer to <see cref="PersonDataRequested"/>, gathered table by table.</summary>
public sealed class PersonDataTables
{
    private readonly Dictionary<string, JsonElement> tables = new(StringComparer.Ordinal);

    public PersonDataTables Add<T>(string table, IEnumerable<T> rows)
    {
        tables[table] = JsonSerializer.SerializeToElement(rows, JsonSerializerOptions.Web);
        return this;
    }

    /// <summary>The answer, its tables sealed by <paramref name="seal"/> (the services' <c>FieldCipher.Protect</c>).</summary>
    public PersonDataHeld SealedFor(string service, Func<string?, string?> seal) => new(service, seal(JsonSerializer.Serialize(tables))!);
}

/// <summary>A message about the person in a service's outbox: what kind, and whether it has gone out (its body stays put).</summary>
public sealed record OutboxRowAbout(string Contract, DateTime CreatedAt, DateTime? PublishedAt);

public static class PersonDataExport
{
    public static Task<List<OutboxRowAbout>> OutboxRowsAboutAsync(this ServiceDbContext db, string personKey, CancellationToken ct) =>
        db.Outbox.AsNoTracking().Where(o => o.Body.Contains(personKey)).OrderBy(o => o.Id)
            .Select(o => new OutboxRowAbout(o.Contract, o.CreatedAt, o.PublishedAt)).ToListAsync(ct);

    public static DateTimeOffset? AtMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    /// <summary>A push token's last four characters, enough for a person to recognise their device and no use to anyone.</summary>
    public static string? Masked(string? token) => token is null ? null : token.Length <= 8 ? "…" : $"…{token[^4..]}";

    /// <summary>A phone number held, encrypted, by a row: said, not shown (Admin puts the number asked about in the export).</summary>
    public static string? Held(string? value) => value is null ? null : "held (encrypted)";
}
