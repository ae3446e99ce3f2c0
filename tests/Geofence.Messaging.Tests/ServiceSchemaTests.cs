using System.Globalization;
using Geofence.Contracts;
using Geofence.Ingest;
using Geofence.Messaging.MessageData;
using Geofence.Messaging.Persistence;
using Geofence.ServiceDefaults;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geofence.Messaging.Tests;

/// <summary>Every service's tables are changed only by its migrations, on SQLite and on PostgreSQL.</summary>
public sealed class ServiceSchemaTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public static TheoryData<DatabaseProvider, string> ProvidersAndSchemas()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
            foreach (var context in SchemaDatabase.Contexts)
                data.Add(provider, context.Name);
        return data;
    }

    private static readonly DateTime At = new(2026, 11, 28, 2, 15, 0, DateTimeKind.Utc);
    private static readonly Guid NotificationId = Guid.Parse("0193a4c2-7d1e-7000-8000-000000000001");

    /// <summary>A row of each service, as the release before migrations wrote it, in a table every later migration keeps.</summary>
    private static readonly Dictionary<string, (string Table, string[] Columns, object?[] Values)> EarlierRows = new()
    {
        ["ingest"] = ("ingest_hotels", ["PropertyId", "ProvinceCode", "ApiKeyHash", "RegisteredAt"], ["HOTEL-QN-001", "22", "hash-1", At]),
        ["detector"] = ("detector_subjects", ["Key", "LastAt", "LastProvinceCode", "LastAtPointOfEntry"], ["feed-1/device-1", At, "22", true]),
        ["notifier"] = ("notifier_visits", ["person_key", "province_code", "notification_id", "decision_key", "notified_at_ms"],
            ["person-1", "22", NotificationId.ToString(), "checkin:HOTEL-QN-001:R-1001:person-1", 1_764_296_100_000L]),
        ["dispatcher"] = ("dispatcher_deliveries", ["NotificationId", "Channel", "Provider", "Status", "ProviderMessageId", "FailureReason", "CompletedAt"],
            [NotificationId, "sms", "twilio", "sent", "SM123", null, At]),
        ["admin"] = ("admin_hotels", ["PropertyId", "Name", "ProvinceCode", "ApiKeyHash", "RegisteredAt", "KeyIssuedAt"],
            ["HOTEL-QN-001", "Ha Long Bay Hotel", "22", "hash-1", At, At]),
    };

    /// <summary>An outbox row the release before left unpublished: named by assembly-qualified type, body in PascalCase.</summary>
    private const string EarlierMessageType = "Geofence.Contracts.HotelRegistered, Geofence.Contracts";
    private const string EarlierBody =
        """{"PropertyId":"HOTEL-QN-001","Name":"Ha Long Bay Hotel","ProvinceCode":"22","ApiKeyHash":"hash-1","RegisteredAt":"2026-11-28T09:15:00+07:00"}""";

    [Theory]
    [MemberData(nameof(ProvidersAndSchemas))]
    public void Every_model_change_of_every_schema_has_its_migration(DatabaseProvider provider, string context)
    {
        var type = SchemaDatabase.Contexts.Single(c => c.Name == context);
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))!;
        DatabaseSettings.For(provider, provider == DatabaseProvider.Postgres ? "Host=localhost" : "Data Source=:memory:").Configure(builder, type);
        using var db = (ServiceDbContext)Activator.CreateInstance(type, builder.Options)!;

        Assert.False(db.Database.HasPendingModelChanges(),
            $"{context} has changes without a migration: bash infra/add-migration.sh {context[..^2]} <Name>");
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_Baseline", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_messaging_schema_has_a_migration_for_its_model_and_is_brought_up_to_date_once(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
        await using var database = await SchemaDatabase.CreateAsync(provider);
        await using var db = database.Open(typeof(MessagingDb));
        Assert.False(db.Database.HasPendingModelChanges(), "MessagingDb has changes without a migration: bash infra/add-migration.sh Messaging <Name>");

        var applied = await ServiceSchema.MigrateAsync(db, CancellationToken.None);
        var again = await ServiceSchema.MigrateAsync(db, CancellationToken.None);

        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Empty(again);
        Assert.Equal(0L, Convert.ToInt64((await database.QueryAsync("SELECT count(*) FROM messaging_message_data"))[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(applied.Count, Convert.ToInt32((await database.QueryAsync("SELECT count(*) FROM messaging_migrations"))[0][0], CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task With_ApplyMigrations_off_a_process_whose_messaging_schema_is_behind_refuses_to_start(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
        await using var database = await SchemaDatabase.CreateAsync(provider);
        var settings = DatabaseSettings.For(provider, database.ConnectionString);
        settings.ApplyMigrations = false;
        var service = new SchemaMigrationService<MessagingDb>(SingleContextScopes.For(() => (MessagingDb)database.Open(typeof(MessagingDb))), settings,
            NullLogger<SchemaMigrationService<MessagingDb>>.Instance);

        var refused = await Assert.ThrowsAsync<StartupRefusedException>(() => service.StartAsync(CancellationToken.None));

        Assert.Contains("the messaging schema is behind", refused.Message);
        Assert.Contains("_MessageData", refused.Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_baseline_migration_makes_exactly_the_tables_the_release_before_migrations_made(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
        await using var before = await SchemaDatabase.CreateAsync(provider);
        await using var baseline = await SchemaDatabase.CreateAsync(provider);

        foreach (var context in SchemaDatabase.Contexts)
        {
            await before.CreateTablesAsTheReleaseBeforeMigrationsDidAsync(context);
            await using var db = baseline.Open(context);
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
        }

        Assert.Equal(await before.DescribeAsync(), await baseline.DescribeAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_database_created_before_migrations_is_adopted_and_upgraded_with_every_row_intact(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
        await using var database = await SchemaDatabase.CreateAsync(provider);
        foreach (var context in SchemaDatabase.Contexts)
        {
            await database.CreateTablesAsTheReleaseBeforeMigrationsDidAsync(context);
            await WriteEarlierRowsAsync(database, context);
        }

        foreach (var context in SchemaDatabase.Contexts)
        {
            await using var db = database.Open(context);
            var applied = await ServiceSchema.MigrateAsync(db, CancellationToken.None);

            Assert.DoesNotContain(applied, m => m.EndsWith("_Baseline", StringComparison.Ordinal));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            await AssertEarlierRowsIntactAsync(database, db, context);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_database_at_the_baseline_is_upgraded_by_the_later_migrations_with_every_row_intact(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
        await using var database = await SchemaDatabase.CreateAsync(provider);
        foreach (var context in SchemaDatabase.Contexts)
        {
            await using var db = database.Open(context);
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
            await WriteEarlierRowsAsync(database, context);
        }

        foreach (var context in SchemaDatabase.Contexts)
        {
            await using var db = database.Open(context);
            var applied = await ServiceSchema.MigrateAsync(db, CancellationToken.None);

            Assert.NotEmpty(applied);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            await AssertEarlierRowsIntactAsync(database, db, context);
        }
    }

    [Fact]
    public async Task Replicas_starting_together_on_PostgreSQL_apply_each_migration_once()
    {
        await using var database = await SchemaDatabase.CreateAsync(DatabaseProvider.Postgres);

        var replicas = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = database.Open(typeof(IngestDb));
            return await ServiceSchema.MigrateAsync(db, CancellationToken.None);
        });
        var applied = await Task.WhenAll(replicas);

        await using var check = database.Open(typeof(IngestDb));
        Assert.Equal(check.Database.GetMigrations(), applied.Single(a => a.Count > 0));
        Assert.Equal(3, applied.Count(a => a.Count == 0));
        Assert.Equal(check.Database.GetMigrations().Count(), (await database.QueryAsync("SELECT count(*) FROM ingest_migrations"))[0][0] switch
        {
            long n => (int)n,
            var other => Convert.ToInt32(other, CultureInfo.InvariantCulture),
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task With_ApplyMigrations_off_a_service_whose_schema_is_behind_refuses_to_start_naming_the_migrations(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
        await using var database = await SchemaDatabase.CreateAsync(provider);
        await using (var db = database.Open(typeof(IngestDb)))
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
        var settings = DatabaseSettings.For(provider, database.ConnectionString);
        settings.ApplyMigrations = false;
        var service = new SchemaMigrationService<IngestDb>(SingleContextScopes.For(() => (IngestDb)database.Open(typeof(IngestDb))), settings,
            NullLogger<SchemaMigrationService<IngestDb>>.Instance);

        var refused = await Assert.ThrowsAsync<StartupRefusedException>(() => service.StartAsync(CancellationToken.None));

        Assert.Contains("the ingest schema is behind", refused.Message);
        Assert.Contains("_OutboxContractName", refused.Message);
        Assert.Contains("--migrate", refused.Message);
        await using var after = database.Open(typeof(IngestDb));
        Assert.NotEmpty(await after.Database.GetPendingMigrationsAsync()); // nothing was applied
    }

    [Fact]
    public async Task The_SQL_for_a_DBA_brings_any_earlier_schema_up_to_date_and_can_be_run_twice()
    {
        TestInfrastructure.RequireServers();
        await using var database = await SchemaDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = database.Open(typeof(IngestDb));
        var script = ServiceSchema.Script(db);

        await database.ExecuteAsync(script);
        await database.ExecuteAsync(script);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains("ingest_migrations", script);
    }

    private static async Task WriteEarlierRowsAsync(SchemaDatabase database, Type context)
    {
        var prefix = ServiceDbContext.TablePrefixOf(context);
        var (table, columns, values) = EarlierRows[prefix];
        await database.ExecuteAsync(
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})",
            values);
        await database.ExecuteAsync($"INSERT INTO {prefix}_outbox (\"MessageType\", \"Body\", \"CreatedAt\", \"Attempts\") VALUES (@p0, @p1, @p2, 0)",
            EarlierMessageType, EarlierBody, At);
    }

    private static async Task AssertEarlierRowsIntactAsync(SchemaDatabase database, ServiceDbContext db, Type context)
    {
        var (table, columns, values) = EarlierRows[ServiceDbContext.TablePrefixOf(context)];
        var row = Assert.Single(await database.QueryAsync($"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM {table}"));
        Assert.Equal(values.Select(Normalize), row.Select(Normalize));

        // The message left unpublished is still there, readable by the relay under its old name, and not yet published.
        var unpublished = await db.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((EarlierMessageType, EarlierBody, (DateTime?)null), (unpublished.Contract, unpublished.Body, unpublished.PublishedAt));
        var message = Assert.IsType<HotelRegistered>(unpublished.Deserialize(out _));
        Assert.Equal(("HOTEL-QN-001", "hash-1"), (message.PropertyId, message.ApiKeyHash));
    }

    /// <summary>A value as both providers can be compared on: times in UTC, booleans and ids as text.</summary>
    private static string? Normalize(object? value) => value switch
    {
        null => null,
        DateTime time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        string text when DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) => time.ToString("O", CultureInfo.InvariantCulture),
        string text when Guid.TryParse(text, out var id) => id.ToString(),
        bool flag => flag ? "1" : "0",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
