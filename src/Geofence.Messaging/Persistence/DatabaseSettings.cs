using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Geofence.Messaging.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// <c>Database:*</c> and <c>ConnectionStrings:Geofence</c>: SQLite in <c>data/geofence.db</c> (under the working
/// directory) unless PostgreSQL is chosen.
/// </summary>
public sealed class DatabaseSettings
{
    public const string DefaultSqlite = "Data Source=data/geofence.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Apply pending migrations at start-up (the default). When false a service whose schema is behind refuses to
    /// start, so that a deployment can run <c>--migrate</c> as a step of its own.
    /// </summary>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary><c>ConnectionStrings:Geofence</c>, read by <see cref="Resolve"/> (it lives in a section of its own).</summary>
    public string ConnectionString { get; private set; } = DefaultSqlite;

    /// <summary>Takes the connection string from <c>ConnectionStrings:Geofence</c>; PostgreSQL has no default.</summary>
    public DatabaseSettings Resolve(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Geofence");
        if (string.IsNullOrWhiteSpace(connectionString) && Provider == DatabaseProvider.Postgres)
            throw new OptionsValidationException("ConnectionStrings", typeof(DatabaseSettings),
                ["ConnectionStrings__Geofence is required when Database__Provider is Postgres"]);
        ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString;
        return this;
    }

    /// <summary>For tools and tests that have no configuration.</summary>
    public static DatabaseSettings For(DatabaseProvider provider, string connectionString) =>
        new() { Provider = provider, ConnectionString = connectionString };

    /// <summary>
    /// The provider, and the migrations for it: each service's migrations live under <c>Migrations/Postgres</c> and
    /// <c>Migrations/Sqlite</c>, recorded in the service's own history table.
    /// </summary>
    public void Configure(DbContextOptionsBuilder options, Type contextType)
    {
        var history = ServiceDbContext.MigrationsHistoryTableOf(contextType);
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(history));
        }
        else
        {
            var sqlite = new SqliteConnectionStringBuilder(ConnectionString);
            var folder = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
            if (sqlite.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            // Several services share one file in the embedded default; wait for the writer instead of failing.
            if (!ConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) sqlite.DefaultTimeout = 30;
            options.UseSqlite(sqlite.ToString(), o => o.MigrationsHistoryTable(history));
        }
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
    }
}
