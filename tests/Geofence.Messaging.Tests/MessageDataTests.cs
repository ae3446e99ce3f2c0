using System.Text;
using Geofence.Contracts;
using Geofence.Ingest;
using Geofence.Messaging.MessageData;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.Persistence;
using Geofence.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Messaging.Tests;

/// <summary>Large payloads travel by claim check: stored in messaging_message_data, the message carrying their address.</summary>
public sealed class MessageDataTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    private static readonly string LargeSet = Collection(4_000);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_payload_put_is_read_back_by_its_address(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);

        var stored = await store.Repository.PutString(LargeSet, TestContext.Current.CancellationToken);

        Assert.StartsWith("urn:geofence:message-data:", stored.Address.ToString());
        Assert.Equal(LargeSet, await ReadAsync(store.Repository, stored.Address));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Expired_payloads_are_deleted_and_the_others_kept(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var shortLived = await store.Repository.PutString(LargeSet, TimeSpan.FromHours(1), TestContext.Current.CancellationToken);
        var kept = await store.Repository.PutString(LargeSet, TestContext.Current.CancellationToken); // the 30 days of the settings

        store.Clock.Now += TimeSpan.FromHours(2);
        var deleted = await store.Repository.DeleteExpiredAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, deleted);
        await Assert.ThrowsAsync<MessageDataNotFoundException>(() => store.Repository.Get(shortLived.Address));
        Assert.Equal(LargeSet, await ReadAsync(store.Repository, kept.Address));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_payload_put_within_a_service_transaction_is_committed_with_it_or_not_at_all(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;

        await using var rolledBack = store.Database.Open(typeof(IngestDb));
        await using (var transaction = await rolledBack.Database.BeginTransactionAsync(ct))
        {
            var lost = await store.Repository.Within(rolledBack).PutString(LargeSet, ct);
            await transaction.RollbackAsync(ct);
            await Assert.ThrowsAsync<MessageDataNotFoundException>(() => store.Repository.Get(lost.Address, ct));
        }

        await using var committed = store.Database.Open(typeof(IngestDb));
        await using (var transaction = await committed.Database.BeginTransactionAsync(ct))
        {
            var kept = await store.Repository.Within(committed).PutString(LargeSet, ct);
            await transaction.CommitAsync(ct);
            Assert.Equal(LargeSet, await ReadAsync(store.Repository, kept.Address));
        }
    }

    [Fact]
    public void An_outbox_message_over_256_KiB_is_refused_naming_its_contract_and_size()
    {
        var inline = new GeofencesChanged(1, new MassTransit.MessageData.Values.StringInlineMessageData(Collection(20_000)), DateTimeOffset.UtcNow);

        var refused = Assert.Throws<MessageTooLargeException>(() => OutboxMessage.For(inline, DateTimeOffset.UtcNow));

        Assert.Equal("urn:message:Geofence.Contracts:GeofencesChanged", refused.Contract);
        Assert.True(refused.Bytes > OutboxMessage.MaxBodyBytes);
        Assert.Contains("GeofencesChanged", refused.Message);
        Assert.Contains($"{refused.Bytes} bytes", refused.Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_fence_set_by_claim_check_leaves_an_outbox_body_of_a_few_hundred_bytes(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var set = await store.Repository.PutString(Collection(20_000), TestContext.Current.CancellationToken);

        var row = OutboxMessage.For(new GeofencesChanged(1, set, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);

        Assert.True(Encoding.UTF8.GetByteCount(row.Body) < 500, row.Body);
        Assert.Contains(set.Address.ToString(), row.Body);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_outbox_row_from_before_the_claim_check_is_published_by_claim_check_and_consumed_whole(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var legacy = new OutboxMessage
        {
            Contract = "urn:message:Geofence.Contracts:GeofencesChanged",
            Body = $$"""{"version":7,"featureCollection":{{System.Text.Json.JsonSerializer.Serialize(LargeSet)}},"changedAt":"2026-11-28T02:15:00+00:00"}""",
        };

        var message = (GeofencesChanged)legacy.Deserialize(out var type);
        Assert.Equal(LargeSet, await message.FeatureCollection.Value);

        var received = new TaskCompletionSource<(long Version, string Set, Uri? Address)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServiceCollection()
            .AddSingleton(received)
            .AddMassTransit(x =>
            {
                x.DisableUsageTelemetry();
                x.AddConsumer<Receiver>();
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseMessageData(store.Repository);
                    cfg.ConfigureEndpoints(context);
                });
            });
        await using var provider_ = services.BuildServiceProvider();
        var bus = provider_.GetRequiredService<IBusControl>();
        await bus.StartAsync(ct);
        try
        {
            await bus.Publish(message, type, ct);
            var (version, set, address) = await received.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

            Assert.Equal(7, version);
            Assert.Equal(LargeSet, set);
            Assert.NotNull(address); // it went through the repository, not inline
            await using var db = store.Open();
            Assert.Equal(1, await db.MessageData.CountAsync(ct));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private sealed class Receiver(TaskCompletionSource<(long, string, Uri?)> received) : IConsumer<GeofencesChanged>
    {
        public async Task Consume(ConsumeContext<GeofencesChanged> context) =>
            received.TrySetResult((context.Message.Version, await context.Message.FeatureCollection.Value, context.Message.FeatureCollection.Address));
    }

    /// <summary>A FeatureCollection of <paramref name="fences"/> small squares: about 150 bytes each.</summary>
    private static string Collection(int fences) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", Enumerable.Range(0, fences).Select(i =>
            "{\"type\":\"Feature\",\"properties\":{\"ma\":\"X" + i + "\",\"ten\":\"Fence " + i + "\"}," +
            "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}")) + "]}";

    private static async Task<string> ReadAsync(IMessageDataRepository repository, Uri address)
    {
        await using var stream = await repository.Get(address);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 2, 15, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A migrated messaging schema in a database of its own, and a repository over it.</summary>
    private sealed class Store : IAsyncDisposable
    {
        private Store(SchemaDatabase database)
        {
            Database = database;
            Repository = new MessageDataRepository(SingleContextScopes.For(Open), new MessageDataSettings(), Clock);
        }

        public SchemaDatabase Database { get; }
        public Clock Clock { get; } = new();
        public MessageDataRepository Repository { get; }

        public MessagingDb Open() => (MessagingDb)Database.Open(typeof(MessagingDb));

        public static async Task<Store> CreateAsync(DatabaseProvider provider)
        {
            if (provider == DatabaseProvider.Postgres) TestInfrastructure.RequireServers();
            var store = new Store(await SchemaDatabase.CreateAsync(provider));
            await using var db = store.Open();
            await ServiceSchema.MigrateAsync(db, CancellationToken.None);
            return store;
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }
}
