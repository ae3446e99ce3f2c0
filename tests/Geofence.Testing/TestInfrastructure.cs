using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace Geofence.Testing;

/// <summary>
/// The RabbitMQ and PostgreSQL servers that <c>infra/test.sh</c> starts, read from its environment variables. Each
/// test gets its own virtual host and database, so tests run in parallel without seeing each other's messages.
/// </summary>
public static class TestInfrastructure
{
    public static string? PostgresAdminConnectionString => Environment.GetEnvironmentVariable("GEOFENCE_TEST_POSTGRES");

    /// <summary>
    /// Whether the long drills run at full size (<c>GEOFENCE_TEST_DRILLS=1</c>, which <c>.ci/run</c> sets); without it they
    /// run the same steps on a smaller scale, so that the everyday test command stays short.
    /// </summary>
    public static bool Drills => Environment.GetEnvironmentVariable("GEOFENCE_TEST_DRILLS") == "1";
    private static string? RabbitPort => Environment.GetEnvironmentVariable("GEOFENCE_TEST_RABBITMQ_PORT");

    public static void RequireServers()
    {
        if (RabbitPort is null || PostgresAdminConnectionString is null)
            Assert.Skip("RabbitMQ/PostgreSQL not configured: run the tests with `bash infra/test.sh`.");
    }

    public static async Task<RabbitVirtualHost> CreateVirtualHostAsync()
    {
        RequireServers();
        return await CreateVirtualHostAsync(Environment.GetEnvironmentVariable("GEOFENCE_TEST_RABBITMQ_HOST") ?? "127.0.0.1", RabbitPort!,
            Environment.GetEnvironmentVariable("GEOFENCE_TEST_RABBITMQ_MANAGEMENT_PORT")!);
    }

    /// <summary>A virtual host on a node of the test's own (the outage drills stop and start theirs).</summary>
    public static async Task<RabbitVirtualHost> CreateVirtualHostAsync(string host, string port, string managementPort)
    {
        var user = Environment.GetEnvironmentVariable("GEOFENCE_TEST_RABBITMQ_USER") ?? "guest";
        var password = Environment.GetEnvironmentVariable("GEOFENCE_TEST_RABBITMQ_PASSWORD") ?? "guest";
        var management = new HttpClient { BaseAddress = new Uri($"http://{host}:{managementPort}/api/") };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var name = $"t-{Guid.NewGuid():N}";
        (await management.PutAsync($"vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"permissions/{name}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new RabbitVirtualHost(management, host, port, user, password, name);
    }

    public static async Task<PostgresDatabase> CreateDatabaseAsync()
    {
        RequireServers();
        return await CreateDatabaseAsync(PostgresAdminConnectionString!);
    }

    /// <summary>A database on a server of the test's own, given by its superuser connection string.</summary>
    public static async Task<PostgresDatabase> CreateDatabaseAsync(string adminConnectionString)
    {
        var name = $"gf_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString, adminConnectionString);
    }
}

public sealed record RabbitVirtualHost(HttpClient Management, string Host, string Port, string User, string Password, string Name)
    : IAsyncDisposable
{
    public IReadOnlyDictionary<string, string> BusSettings => new Dictionary<string, string>
    {
        ["Bus__Transport"] = "RabbitMq",
        ["Bus__RabbitMq__Host"] = Host,
        ["Bus__RabbitMq__Port"] = Port,
        ["Bus__RabbitMq__Username"] = User,
        ["Bus__RabbitMq__Password"] = Password,
        ["Bus__RabbitMq__VirtualHost"] = Name,
    };

    public async ValueTask DisposeAsync()
    {
        await Management.DeleteAsync($"vhosts/{Name}");
        Management.Dispose();
    }
}

public sealed record PostgresDatabase(string Name, string ConnectionString, string AdminConnectionString) : IAsyncDisposable
{
    public IReadOnlyDictionary<string, string> DatabaseSettings => new Dictionary<string, string>
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Geofence"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
