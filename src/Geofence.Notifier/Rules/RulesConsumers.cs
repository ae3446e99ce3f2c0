using Geofence.Contracts;
using MassTransit;

namespace Geofence.Notifier.Rules;

/// <summary>Keeps the newest templates and policy in the Notifier's database, for replicas that start later (one replica does it; the queue is durable).</summary>
public sealed class MessagingRulesStore(NotifierDb db, TimeProvider time) : IConsumer<MessageTemplatesChanged>, IConsumer<MessagingPolicyChanged>
{
    public Task Consume(ConsumeContext<MessageTemplatesChanged> context) =>
        StoredRules.StoreAsync(db, NotifierSetting.Templates, context.Message.Version, context.Message.Templates, time.GetUtcNow(), context.CancellationToken);

    public Task Consume(ConsumeContext<MessagingPolicyChanged> context) =>
        StoredRules.StoreAsync(db, NotifierSetting.Policy, context.Message.Policy.Version, context.Message.Policy, time.GetUtcNow(), context.CancellationToken);
}

public sealed class MessagingRulesStoreDefinition : ConsumerDefinition<MessagingRulesStore>
{
    // One at a time: two versions saved at once would only race for the same row.
    public MessagingRulesStoreDefinition() => ConcurrentMessageLimit = 1;
}

/// <summary>Swaps this replica's rules as soon as a change is announced (every replica has a queue of its own).</summary>
public sealed class MessagingRulesRefresh(MessagingRulesHolder holder) : IConsumer<MessageTemplatesChanged>, IConsumer<MessagingPolicyChanged>
{
    public Task Consume(ConsumeContext<MessageTemplatesChanged> context)
    {
        holder.Apply(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MessagingPolicyChanged> context)
    {
        holder.Apply(context.Message.Policy);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Loads the stored rules before the replica decides anything, then looks for newer stored ones now and then, in case
/// this replica was down or not yet subscribed when a change was announced.
/// </summary>
public sealed class MessagingRulesLoader(IServiceScopeFactory scopes, MessagingRulesHolder holder, TimeProvider time,
    ILogger<MessagingRulesLoader> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await LoadAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not check for newer templates or policy");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await StoredRules.LoadAsync(scope.ServiceProvider.GetRequiredService<NotifierDb>(), holder, ct);
    }
}
