using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Messaging.MessageData;

/// <summary>
/// The messaging layer's own tables (<c>messaging_*</c>): the claim-check store for message payloads too large for a
/// broker. It lives in each process's database and has its own migrations, like a service's schema.
/// </summary>
public sealed class MessagingDb(DbContextOptions<MessagingDb> options) : ServiceDbContext(options)
{
    public DbSet<StoredMessageData> MessageData => Set<StoredMessageData>();

    /// <summary>The messaging layer publishes nothing of its own.</summary>
    protected override bool HasOutbox => false;

    protected override void OnServiceModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredMessageData>(e =>
        {
            e.ToTable("MessageData");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.ExpiresAt);
        });
    }
}

/// <summary>One payload a message refers to by its address (<c>urn:geofence:message-data:{id}</c>).</summary>
public sealed class StoredMessageData
{
    public Guid Id { get; set; }
    public required byte[] Bytes { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Deleted after this time by <see cref="MessageDataCleanup"/>.</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>Lets <c>dotnet ef</c> make a <see cref="MessagingDb"/> to add a migration (<c>infra/add-migration.sh Messaging Name</c>).</summary>
internal sealed class MessagingDbDesignTime : DesignTimeServiceDbFactory<MessagingDb>;
