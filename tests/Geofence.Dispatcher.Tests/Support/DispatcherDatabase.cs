using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Dispatcher.Tests.Support;

/// <summary>A Dispatcher database of the test's own: a private in-memory SQLite kept open for the test's lifetime.</summary>
public sealed class DispatcherDatabase : IAsyncDisposable
{
    private readonly SqliteConnection connection = new($"Data Source=file:{Guid.NewGuid():N}?mode=memory&cache=shared");

    private DispatcherDatabase() { }

    public ServiceProvider Services { get; private set; } = null!;

    public static async Task<DispatcherDatabase> CreateAsync()
    {
        var database = new DispatcherDatabase();
        await database.connection.OpenAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<DispatcherDb>(o => o.UseSqlite(database.connection.ConnectionString));
        database.Services = services.BuildServiceProvider();
        await using (var db = database.Open()) await db.Database.EnsureCreatedAsync();
        return database;
    }

    public string ConnectionString => connection.ConnectionString;

    public DispatcherDb Open() => new(new DbContextOptionsBuilder<DispatcherDb>().UseSqlite(connection.ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
