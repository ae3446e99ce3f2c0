using System.Data;
using System.Data.Common;
using System.Text;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Audiences;

/// <summary>A rejected row of an uploaded list: its CSV line and why.</summary>
public sealed record RejectedRow(int Line, string Reason);

/// <summary>What an upload kept and refused: the first <see cref="AudienceImport.MaxListedRejections"/> refusals in line order, and how many in all.</summary>
public sealed record ImportOutcome(int Accepted, IReadOnlyList<RejectedRow> Rejected, int RejectedCount);

/// <summary>
/// Writes an uploaded list into an audience as it is read: rows are checked one by one and written about every
/// <see cref="BatchLines"/> lines with one multi-row <c>INSERT … ON CONFLICT DO NOTHING RETURNING</c>, each batch in
/// its own short transaction (SQLite's writer lock is held for one batch, not for the upload). The number and the
/// name are stored encrypted. A person twice in the list is kept once, the later line rejected as a duplicate of the
/// first: within a batch by a dictionary, across batches by the conflict on the primary key (audience, person), so
/// that memory does not grow with the list.
/// </summary>
public sealed class AudienceImport(NotifierDb db, PersonKeys personKeys, FieldCipher cipher)
{
    public const int BatchLines = 1000, MaxListedRejections = 1000;
    /// <summary>Rows per INSERT within a batch: binding cost grows faster than linearly with a statement's parameters.</summary>
    private const int RowsPerStatement = 200;

    private sealed record Member(long Seq, int Line, string PersonKey, string Phone, string? Language, string? Name);

    public async Task<ImportOutcome> ImportAsync(Guid audienceId, CsvRecordReader reader, AudienceCsv columns, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var batch = new List<Member>(BatchLines);
            var batchLines = new Dictionary<string, int>(BatchLines, StringComparer.Ordinal);
            var batchRejected = new List<RejectedRow>();
            var listed = new List<RejectedRow>();
            var cells = new List<string>();
            int accepted = 0, rejectedCount = 0, lines = 0;
            long seq = 0;

            while (await reader.ReadAsync(ct) is { } record)
            {
                if (record.Error is not null) batchRejected.Add(new RejectedRow(record.Line, record.Error));
                else if (!CsvRecordReader.TrySplit(record.Text!, cells)) batchRejected.Add(new RejectedRow(record.Line, "has text after a closing quote."));
                else if (columns.Check(cells, out var reason) is not { } row) batchRejected.Add(new RejectedRow(record.Line, reason!));
                else
                {
                    var personKey = personKeys.ForPhone(row.Phone);
                    if (batchLines.TryGetValue(personKey, out var first)) batchRejected.Add(new RejectedRow(record.Line, $"duplicate of line {first}."));
                    else
                    {
                        batchLines[personKey] = record.Line;
                        batch.Add(new Member(++seq, record.Line, personKey, cipher.Protect(row.Phone)!, row.Language, cipher.Protect(row.Name)));
                    }
                }
                if (++lines >= BatchLines) await FlushAsync();
            }
            await FlushAsync();
            return new ImportOutcome(accepted, listed, rejectedCount);

            async Task FlushAsync()
            {
                if (batch.Count > 0)
                {
                    accepted += await WriteAsync(connection, audienceId, batch, batchRejected, ct);
                    batchRejected.Sort((a, b) => a.Line.CompareTo(b.Line));
                }
                rejectedCount += batchRejected.Count;
                listed.AddRange(batchRejected.Take(MaxListedRejections - listed.Count));
                batch.Clear();
                batchLines.Clear();
                batchRejected.Clear();
                lines = 0;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Inserts the batch; each row the table already had (a person from an earlier batch) is rejected naming that line.</summary>
    private static async Task<int> WriteAsync(DbConnection connection, Guid audienceId, List<Member> batch, List<RejectedRow> rejected,
        CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var written = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        for (var from = 0; from < batch.Count; from += RowsPerStatement)
        {
            var rows = batch.GetRange(from, Math.Min(RowsPerStatement, batch.Count - from));
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO notifier_audience_members (audience_id, seq, person_key, phone, language, name, line) VALUES ");
            Add(insert, "@a", audienceId);
            for (var i = 0; i < rows.Count; i++)
            {
                var m = rows[i];
                sql.Append(i == 0 ? "" : ", ").Append($"(@a, @s{i}, @k{i}, @p{i}, @l{i}, @n{i}, @i{i})");
                Add(insert, $"@s{i}", m.Seq, DbType.Int64);
                Add(insert, $"@k{i}", m.PersonKey, DbType.String);
                Add(insert, $"@p{i}", m.Phone, DbType.String);
                Add(insert, $"@l{i}", m.Language, DbType.String);
                Add(insert, $"@n{i}", m.Name, DbType.String);
                Add(insert, $"@i{i}", m.Line, DbType.Int32);
            }
            insert.CommandText = sql.Append(" ON CONFLICT (audience_id, person_key) DO NOTHING RETURNING person_key").ToString();
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) written.Add(reader.GetString(0));
        }
        if (written.Count < batch.Count)
        {
            var duplicates = batch.Where(m => !written.Contains(m.PersonKey)).ToList();
            await using var lookup = connection.CreateCommand();
            lookup.Transaction = transaction;
            Add(lookup, "@a", audienceId);
            for (var i = 0; i < duplicates.Count; i++) Add(lookup, $"@k{i}", duplicates[i].PersonKey, DbType.String);
            lookup.CommandText = "SELECT person_key, line FROM notifier_audience_members WHERE audience_id = @a AND person_key IN ("
                + string.Join(", ", duplicates.Select((_, i) => $"@k{i}")) + ")";
            var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var reader = await lookup.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) firstLines[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt32(1);
            }
            rejected.AddRange(duplicates.Select(m => new RejectedRow(m.Line, $"duplicate of line {firstLines.GetValueOrDefault(m.PersonKey)}.")));
        }
        await transaction.CommitAsync(ct);
        return written.Count;
    }

    /// <summary>A parameter; a Guid keeps the provider's own mapping (uuid in PostgreSQL, EF's text form in SQLite).</summary>
    internal static void Add(DbCommand command, string name, object? value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } known) parameter.DbType = known;
        command.Parameters.Add(parameter);
    }
}
