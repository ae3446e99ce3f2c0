using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Ingest.Feeds;

/// <summary>Keeps Ingest's feed list in step with Admin's registrations, and confirms the key; a repeat or a late older one is harmless.</summary>
public sealed class FeedRegisteredConsumer(IngestDb db, TimeProvider time) : IConsumer<FeedRegistered>
{
    public async Task Consume(ConsumeContext<FeedRegistered> context)
    {
        var message = context.Message;
        var feed = await db.Feeds.FirstOrDefaultAsync(f => f.FeedId == message.FeedId, context.CancellationToken);
        if (feed is null) db.Feeds.Add(feed = new KnownFeed { FeedId = message.FeedId, Kind = message.Kind, ApiKeyHash = message.ApiKeyHash });
        else if (feed.RegisteredAt > message.RegisteredAt.UtcDateTime) return;
        (feed.Kind, feed.ApiKeyHash, feed.RegisteredAt) = (message.Kind, message.ApiKeyHash, message.RegisteredAt.UtcDateTime);
        db.ConfirmKeys([message.ApiKeyHash], time);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
