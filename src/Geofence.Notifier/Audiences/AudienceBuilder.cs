using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Audiences;

/// <summary>
/// Fills a built audience with one <c>INSERT … SELECT</c> in the database, so that no member passes through memory
/// however many there are; <c>ROW_NUMBER()</c> numbers them. The same SQL runs on PostgreSQL and SQLite.
/// </summary>
/// <remarks>
/// telecom-seen: the phones a telecom feed reported entering the province since the cut-off (the most recently seen
/// last). devices: the people with a registered device that has a phone, told about the province since the cut-off
/// (their visit in the ledger), with the device's encrypted number and language. union: everyone in any of the
/// audiences once, in the order of the audiences given and then their order. difference: the first audience's people
/// who are in none of the others, in its order.
/// </remarks>
public sealed class AudienceBuilder(NotifierDb db)
{
    private const string Insert = "INSERT INTO notifier_audience_members (audience_id, seq, person_key, phone, language, name, line) ";

    /// <summary>Writes the members of <paramref name="audience"/> (already saved) and returns how many.</summary>
    public async Task<int> FillAsync(Audience audience, IReadOnlyList<Guid> of, long sinceMs, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            AudienceImport.Add(command, "@a", audience.AudienceId);
            command.CommandText = audience.Kind switch
            {
                Audience.TelecomSeen => TelecomSeen(command, audience.ProvinceCode!, sinceMs),
                Audience.Devices => Devices(command, audience.ProvinceCode!, sinceMs),
                Audience.Union => Union(command, of),
                Audience.Difference => Difference(command, of),
                _ => throw new ArgumentException($"'{audience.Kind}' is not a built audience.", nameof(audience)),
            };
            var members = await command.ExecuteNonQueryAsync(ct);
            await using var ready = connection.CreateCommand();
            ready.Transaction = transaction;
            AudienceImport.Add(ready, "@a", audience.AudienceId);
            AudienceImport.Add(ready, "@m", members);
            AudienceImport.Add(ready, "@s", Audience.Ready);
            ready.CommandText = "UPDATE notifier_audiences SET status = @s, members = @m WHERE audience_id = @a";
            await ready.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return members;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string TelecomSeen(DbCommand command, string provinceCode, long sinceMs)
    {
        AudienceImport.Add(command, "@p", provinceCode);
        AudienceImport.Add(command, "@since", sinceMs);
        return Insert + """
            SELECT @a, ROW_NUMBER() OVER (ORDER BY s.last_seen_at_ms, s.person_key), s.person_key, s.phone, NULL, NULL, CAST(NULL AS INTEGER)
            FROM notifier_phones_seen s
            WHERE s.province_code = @p AND s.last_seen_at_ms >= @since
            """;
    }

    private static string Devices(DbCommand command, string provinceCode, long sinceMs)
    {
        AudienceImport.Add(command, "@p", provinceCode);
        AudienceImport.Add(command, "@since", sinceMs);
        // A person may have several devices: one row each, with the number (the same behind each encryption) and a language.
        return Insert + """
            SELECT @a, ROW_NUMBER() OVER (ORDER BY d."PhoneKey"), d."PhoneKey", MIN(d."Phone"), MIN(d."Language"), NULL, CAST(NULL AS INTEGER)
            FROM notifier_devices d
            WHERE d."PhoneKey" IS NOT NULL AND d."Phone" IS NOT NULL
              AND EXISTS (SELECT 1 FROM notifier_visits v
                          WHERE v.person_key = d."PhoneKey" AND v.province_code = @p AND v.notified_at_ms >= @since)
            GROUP BY d."PhoneKey"
            """;
    }

    private static string Union(DbCommand command, IReadOnlyList<Guid> of)
    {
        var ids = Ids(command, of);
        var order = string.Join(" ", of.Select((_, i) => $"WHEN @o{i} THEN {i}"));
        return Insert + $"""
            SELECT @a, ROW_NUMBER() OVER (ORDER BY x.o, x.seq), x.person_key, x.phone, x.language, x.name, CAST(NULL AS INTEGER)
            FROM (SELECT m.person_key, m.phone, m.language, m.name, m.seq, CASE m.audience_id {order} END AS o,
                         ROW_NUMBER() OVER (PARTITION BY m.person_key ORDER BY CASE m.audience_id {order} END, m.seq) AS n
                  FROM notifier_audience_members m
                  WHERE m.audience_id IN ({ids})) x
            WHERE x.n = 1
            """;
    }

    private static string Difference(DbCommand command, IReadOnlyList<Guid> of)
    {
        var ids = Ids(command, of);
        var others = ids[(ids.IndexOf(',') + 1)..];
        return Insert + $"""
            SELECT @a, ROW_NUMBER() OVER (ORDER BY m.seq), m.person_key, m.phone, m.language, m.name, CAST(NULL AS INTEGER)
            FROM notifier_audience_members m
            WHERE m.audience_id = @o0
              AND NOT EXISTS (SELECT 1 FROM notifier_audience_members o WHERE o.audience_id IN ({others}) AND o.person_key = m.person_key)
            """;
    }

    /// <summary>"@o0, @o1, …", one parameter per audience id.</summary>
    private static string Ids(DbCommand command, IReadOnlyList<Guid> of)
    {
        for (var i = 0; i < of.Count; i++) AudienceImport.Add(command, $"@o{i}", of[i]);
        return string.Join(",", of.Select((_, i) => $"@o{i}"));
    }
}
