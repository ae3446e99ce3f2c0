using Geofence.Notifier.Arrivals;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Tests;

/// <summary>The one-message-per-visit guarantee, on SQLite and (when available) PostgreSQL.</summary>
public abstract class ArrivalLedgerTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 11, 28, 9, 15, 0, TimeSpan.FromHours(7));

    protected abstract Task<(Func<NotifierDb> Open, IAsyncDisposable Cleanup)> CreateDatabaseAsync();

    [Fact]
    public async Task The_first_report_of_a_visit_claims_it_and_later_ones_within_the_window_do_not()
    {
        var (open, cleanup) = await CreateDatabaseAsync();
        await using var _ = cleanup;

        Assert.True(await ClaimAsync(open, "person", "22", Arrival));
        Assert.False(await ClaimAsync(open, "person", "22", Arrival.AddDays(29)));
        Assert.False(await ClaimAsync(open, "person", "22", Arrival.AddDays(-3)));
        Assert.True(await ClaimAsync(open, "person", "79", Arrival.AddHours(1)));
        Assert.True(await ClaimAsync(open, "someone-else", "22", Arrival));
    }

    [Fact]
    public async Task A_report_after_the_renotify_window_starts_a_new_visit()
    {
        var (open, cleanup) = await CreateDatabaseAsync();
        await using var _ = cleanup;

        Assert.True(await ClaimAsync(open, "person", "22", Arrival));
        Assert.True(await ClaimAsync(open, "person", "22", Arrival.AddDays(30)));
        Assert.False(await ClaimAsync(open, "person", "22", Arrival.AddDays(45)));
    }

    [Fact]
    public async Task Of_twenty_racing_reports_of_the_same_visit_exactly_one_claims_it()
    {
        var (open, cleanup) = await CreateDatabaseAsync();
        await using var _ = cleanup;

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => ClaimAsync(open, "racer", "56", Arrival.AddMinutes(i)))));

        Assert.Equal(1, claims.Count(c => c));
    }

    private static async Task<bool> ClaimAsync(Func<NotifierDb> open, string person, string province, DateTimeOffset at)
    {
        await using var db = open();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var claimed = await new ArrivalLedger(db, new NotificationPolicy()).TryClaimAsync(person, province, Guid.NewGuid(),
            $"test:{Guid.NewGuid()}", at, CancellationToken.None);
        await transaction.CommitAsync();
        return claimed;
    }

    protected static Func<NotifierDb> Opener(Action<DbContextOptionsBuilder> configure) => () =>
    {
        var options = new DbContextOptionsBuilder<NotifierDb>();
        configure(options);
        return new NotifierDb(options.Options);
    };
}

public sealed class ArrivalLedgerOnSqliteTests : ArrivalLedgerTests
{
    protected override async Task<(Func<NotifierDb>, IAsyncDisposable)> CreateDatabaseAsync()
    {
        var folder = Directory.CreateTempSubdirectory("geofence-ledger-").FullName;
        var open = Opener(o => o.UseSqlite($"Data Source={Path.Combine(folder, "notifier.db")};Default Timeout=30"));
        await using (var db = open()) await db.Database.EnsureCreatedAsync();
        return (open, new Cleanup(() => Directory.Delete(folder, recursive: true)));
    }
}

public sealed class ArrivalLedgerOnPostgresTests : ArrivalLedgerTests
{
    protected override async Task<(Func<NotifierDb>, IAsyncDisposable)> CreateDatabaseAsync()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync();
        var open = Opener(o => o.UseNpgsql(database.ConnectionString));
        await using (var db = open()) await db.Database.EnsureCreatedAsync();
        return (open, database);
    }
}

internal sealed class Cleanup(Action action) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        action();
        return ValueTask.CompletedTask;
    }
}
