using System.Data.Common;
using Geofence.Admin;
using Geofence.Detector;
using Geofence.Dispatcher;
using Geofence.Ingest;
using Geofence.Messaging.Persistence;
using Geofence.Notifier;
using Geofence.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Geofence.Messaging.Tests;

/// <summary>
/// An empty database of the test's own, on SQLite (a file) or PostgreSQL (from <c>infra/test.sh</c>), shared by every
/// service's schema as in the embedded default and in a one-database deployment.
/// </summary>
public sealed class SchemaDatabase : IAsyncDisposable
{
    /// <summary>Every service's context, in the order the host adds them.</summary>
    public static readonly Type[] Contexts = [typeof(IngestDb), typeof(DetectorDb), typeof(NotifierDb), typeof(DispatcherDb), typeof(AdminDb)];

    private readonly IAsyncDisposable? postgres;
    private readonly string? folder;

    private SchemaDatabase(DatabaseProvider provider, string connectionString, IAsyncDisposable? postgres, string? folder)
    {
        (Provider, ConnectionString, this.postgres, this.folder) = (provider, connectionString, postgres, folder);
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<SchemaDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var database = await TestInfrastructure.CreateDatabaseAsync();
            return new SchemaDatabase(provider, database.ConnectionString, database, null);
        }
        var folder = Directory.CreateTempSubdirectory("geofence-schema-").FullName;
        return new SchemaDatabase(provider, $"Data Source={Path.Combine(folder, "geofence.db")};Pooling=False", null, folder);
    }

    public ServiceDbContext Open(Type contextType)
    {
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType))!;
        DatabaseSettings.For(Provider, ConnectionString).Configure(builder, contextType);
        return (ServiceDbContext)Activator.CreateInstance(contextType, builder.Options)!;
    }

    public DbConnection Connect() =>
        Provider == DatabaseProvider.Postgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    public async Task ExecuteAsync(string sql, params object?[] values)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = Command(connection, sql, values);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row the query returns, each value as the provider reads it.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, params object?[] values)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = Command(connection, sql, values);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// The tables, columns and indexes as the database describes them (not as any script wrote them), leaving out the
    /// migrations' own bookkeeping: two schemas that print the same are the same.
    /// </summary>
    public async Task<string> DescribeAsync()
    {
        var lines = new List<string>();
        if (Provider == DatabaseProvider.Postgres)
        {
            foreach (var row in await QueryAsync(
                         """
                         SELECT table_name, column_name, data_type, coalesce(character_maximum_length, -1), is_nullable,
                                coalesce(column_default, ''), is_identity, coalesce(identity_generation, '')
                         FROM information_schema.columns WHERE table_schema = current_schema()
                         """))
                lines.Add("column " + string.Join(" ", row));
            foreach (var row in await QueryAsync("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"))
                lines.Add("index " + string.Join(" ", row));
            foreach (var row in await QueryAsync(
                         "SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = current_schema() AND constraint_type <> 'CHECK'"))
                lines.Add("constraint " + string.Join(" ", row));
        }
        else
        {
            var tables = await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
            foreach (var table in tables.Select(t => (string)t[0]!))
            {
                foreach (var row in await QueryAsync($"SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk FROM pragma_table_info('{table}')"))
                    lines.Add($"column {table} " + string.Join(" ", row));
                foreach (var row in await QueryAsync($"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
                {
                    var columns = await QueryAsync($"SELECT name FROM pragma_index_info('{row[0]}') ORDER BY seqno");
                    lines.Add($"index {table} {string.Join(" ", row)} ({string.Join(", ", columns.Select(c => c[0]))})");
                }
            }
            foreach (var row in await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"))
                lines.Add($"autoincrement {row[0]}");
        }
        return string.Join("\n", lines.Where(l => !l.Contains("_migrations", StringComparison.Ordinal) && !l.Contains("__EFMigrationsLock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal));
    }

    /// <summary>The service's tables as the release before migrations created them at start-up.</summary>
    public async Task CreateTablesAsTheReleaseBeforeMigrationsDidAsync(Type contextType)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SchemaBeforeMigrations", Provider.ToString().ToLowerInvariant(),
            ServiceDbContext.TablePrefixOf(contextType) + ".sql");
        await ExecuteAsync(await File.ReadAllTextAsync(path));
    }

    private DbCommand Command(DbConnection connection, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            // EF Core keeps Guids as text on SQLite; the ADO provider alone would write a blob.
            parameter.Value = values[i] is Guid guid && Provider == DatabaseProvider.Sqlite ? guid.ToString().ToUpperInvariant() : values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null) await postgres.DisposeAsync();
        if (folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
