using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Geofence.Messaging.Persistence;
using Geofence.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Host.Tests;

/// <summary>
/// Failure drill: the embedded system's SQLite file can grow no further (as when the disk is full), simulated by
/// <c>PRAGMA max_page_count</c> on every connection the services open.
/// </summary>
public sealed class FullDiskDrillTests
{
    [Fact]
    public async Task While_the_database_file_is_full_writes_answer_503_with_retry_after_nothing_is_corrupted_or_lost_and_it_recovers()
    {
        var disk = new DiskSpace();
        await using var app = new EmbeddedGeofence(configure: web => web.ConfigureTestServices(services => disk.LimitEveryServiceDatabase(services)));
        var api = app.Api();
        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotel = await api.RegisterHotelAsync(propertyId, "22");
        var guests = TestInfrastructure.Drills ? 200 : 40;
        var phones = new HashSet<string>();
        while (phones.Count < guests) phones.Add(Guests.NewKoreanPhone());
        var bodies = phones.ToDictionary(p => p, p => Guests.CheckIn(propertyId, p));
        var accepted = new HashSet<string>();
        var answers503 = 0;

        // A third check in before the disk fills, a third while it is full, the rest after space returns.
        var thirds = phones.Chunk((guests + 2) / 3).ToArray();
        foreach (var phone in thirds[0]) await PostAsync(phone);
        disk.Full = true;
        var readyWhileFull = await app.CreateClient().GetAsync("/health/ready");
        foreach (var phone in thirds[1]) await PostAsync(phone);
        Assert.True(answers503 > 0, "no write failed while the file was full");
        var spaceBack = Stopwatch.StartNew();
        disk.Full = false;
        TimeSpan? recovery = null;
        // The caller retries what was refused, as a PMS does on 503, then sends the rest.
        foreach (var phone in thirds[1].Where(p => !accepted.Contains(p)).Concat(thirds[2]))
        {
            await PostAsync(phone);
            recovery ??= spaceBack.Elapsed;
        }
        var readyAfter = (await app.CreateClient().GetAsync("/health/ready")).StatusCode;
        Assert.Equal(phones.Count, accepted.Count);

        // Every accepted guest gets one SMS: wait for all of them (a guest never messaged is lost), then count doubles.
        var waiting = new HashSet<string>(accepted);
        var deadline = DateTime.UtcNow + GeofenceApi.Patience;
        while (waiting.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var phone in waiting.ToArray())
                if ((await api.SandboxMessagesAsync(phone)).Length > 0) waiting.Remove(phone);
            await Task.Delay(200);
        }
        await Task.Delay(1000);
        var sent = 0;
        var doubled = 0;
        foreach (var phone in accepted)
        {
            var messages = (await api.SandboxMessagesAsync(phone)).Length;
            sent += messages;
            if (messages > 1 || (await api.NotificationsAsync(phone)).Length > 1) doubled++;
        }
        Assert.Equal("ok", await IntegrityCheckAsync(app.DatabaseFile));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"drill sqlite-full: accepted {accepted.Count}, sent {sent}, lost {waiting.Count}, doubled {doubled}, " +
            $"503 answers while full {answers503}, recovery {recovery!.Value.TotalSeconds:F2} s, ready while full {(int)readyWhileFull.StatusCode}, after {(int)readyAfter}, integrity ok");
        Assert.Empty(waiting);
        Assert.Equal(0, doubled);
        Assert.Equal(HttpStatusCode.OK, readyAfter);

        async Task PostAsync(string phone)
        {
            using var response = await api.PostCheckInAsync(hotel, bodies[phone]);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(phone);
                return;
            }
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            answers503++;
        }
    }

    private static async Task<string> IntegrityCheckAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        return (string)(await check.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Caps the file at the pages it has (SQLite keeps max_page_count no lower than the file's size) on every connection
    /// a service opens while <see cref="Full"/>; a later open lifts the cap again.
    /// </summary>
    private sealed class DiskSpace : DbConnectionInterceptor
    {
        public volatile bool Full;

        public void LimitEveryServiceDatabase(IServiceCollection services)
        {
            var contexts = services.Where(s => s.ServiceType == typeof(ServiceSchemaRegistration))
                .Select(s => ((ServiceSchemaRegistration)s.ImplementationInstance!).ContextType).ToArray();
            Assert.NotEmpty(contexts);
            var configure = typeof(EntityFrameworkServiceCollectionExtensions).GetMethods()
                .Single(m => m.Name == nameof(EntityFrameworkServiceCollectionExtensions.ConfigureDbContext) && m.GetParameters().Length == 3
                    && m.GetParameters()[1].ParameterType == typeof(Action<DbContextOptionsBuilder>));
            foreach (var context in contexts)
                configure.MakeGenericMethod(context).Invoke(null, [services, (Action<DbContextOptionsBuilder>)(o => o.AddInterceptors(this)), ServiceLifetime.Scoped]);
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var limit = connection.CreateCommand();
            limit.CommandText = $"PRAGMA max_page_count = {(Full ? 1 : int.MaxValue)}";
            await limit.ExecuteNonQueryAsync(cancellationToken);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var limit = connection.CreateCommand();
            limit.CommandText = $"PRAGMA max_page_count = {(Full ? 1 : int.MaxValue)}";
            limit.ExecuteNonQuery();
        }
    }
}
