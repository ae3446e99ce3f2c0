using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Geofence.Messaging.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary><c>Database:Provider</c> and <c>ConnectionStrings:Geofence</c>; SQLite in <c>data/geofence.db</c> by default.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/geofence.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Geofence");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("ConnectionStrings__Geofence is required when Database__Provider is Postgres.");
            connectionString = DefaultSqlite;
        }
        return new DatabaseSettings(provider, connectionString);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString);
            return;
        }
        var sqlite = new SqliteConnectionStringBuilder(ConnectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
        if (sqlite.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        // Several services share one file in the embedded default; wait for the writer instead of failing.
        if (!ConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) sqlite.DefaultTimeout = 30;
        options.UseSqlite(sqlite.ToString());
    }
}
