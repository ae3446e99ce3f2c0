using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Messaging.MessageData;

/// <summary>
/// MassTransit's claim-check repository over <c>messaging_message_data</c>: a message carries the address, the row the
/// payload. Registered on the bus (<c>UseMessageData</c>), so a consumer's <c>MessageData&lt;T&gt;</c> reads it
/// when asked for its value, and a <c>MessageData</c> sent with only a value is stored on the way out.
/// </summary>
public sealed class MessageDataRepository(IServiceScopeFactory scopes, MessageDataSettings settings, TimeProvider time) : IMessageDataRepository
{
    private const string AddressPrefix = "urn:geofence:message-data:";

    public async Task<Stream> Get(Uri address, CancellationToken cancellationToken = default)
    {
        var id = IdOf(address) ?? throw new MessageDataNotFoundException(address);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        var bytes = await db.MessageData.Where(d => d.Id == id).Select(d => d.Bytes).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new MessageDataNotFoundException(address);
        return new MemoryStream(bytes, writable: false);
    }

    public async Task<Uri> Put(Stream stream, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await PutAsync(scope.ServiceProvider.GetRequiredService<MessagingDb>(), stream, timeToLive, cancellationToken);
    }

    /// <summary>
    /// The repository writing in <paramref name="owner"/>'s open transaction, so that a payload is committed with the
    /// outbox row that refers to it, or not at all. Only where the payloads live in the owner's database (the
    /// default); otherwise a payload is committed first, and one whose message never was expires unread.
    /// </summary>
    public IMessageDataRepository Within(DbContext owner)
    {
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString) || owner.Database.CurrentTransaction is null) return this;
        return new Enlisted(this, owner);
    }

    /// <summary>Deletes the payloads that have expired; says how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        var now = time.GetUtcNow().UtcDateTime;
        return await db.MessageData.Where(d => d.ExpiresAt < now).ExecuteDeleteAsync(ct);
    }

    private async Task<Uri> PutAsync(MessagingDb db, Stream stream, TimeSpan? timeToLive, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var row = new StoredMessageData
        {
            Id = Guid.CreateVersion7(), Bytes = buffer.ToArray(), CreatedAt = now, ExpiresAt = now + (timeToLive ?? settings.TimeToLive),
        };
        db.MessageData.Add(row);
        await db.SaveChangesAsync(ct);
        return new Uri(AddressPrefix + row.Id.ToString("N"));
    }

    private static Guid? IdOf(Uri address) =>
        address.OriginalString.StartsWith(AddressPrefix, StringComparison.Ordinal) && Guid.TryParseExact(address.OriginalString[AddressPrefix.Length..], "N", out var id)
            ? id
            : null;

    private sealed class Enlisted(MessageDataRepository repository, DbContext owner) : IMessageDataRepository
    {
        public Task<Stream> Get(Uri address, CancellationToken cancellationToken = default) => repository.Get(address, cancellationToken);

        public async Task<Uri> Put(Stream stream, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
        {
            var connection = owner.Database.GetDbConnection();
            var options = new DbContextOptionsBuilder<MessagingDb>();
            if (owner.Database.IsNpgsql()) options.UseNpgsql(connection);
            else options.UseSqlite(connection);
            await using var db = new MessagingDb(options.Options);
            await db.Database.UseTransactionAsync(owner.Database.CurrentTransaction!.GetDbTransaction(), cancellationToken);
            return await repository.PutAsync(db, stream, timeToLive, cancellationToken);
        }
    }
}
