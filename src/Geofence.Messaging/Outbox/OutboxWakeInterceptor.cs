using System.Data.Common;
using Geofence.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Geofence.Messaging.Outbox;

/// <summary>
/// Wakes a service's relay once outbox rows are committed, so that writers only add messages and none waits for the
/// poll interval. A save inside an explicit transaction wakes the relay at the commit, not before (the relay would
/// find nothing yet).
/// </summary>
internal sealed class OutboxWakeInterceptor<TContext>(OutboxSignal<TContext> signal) : SaveChangesInterceptor, IDbTransactionInterceptor
    where TContext : ServiceDbContext
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteAddedRows(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        NoteAddedRows(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeOutsideTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeOutsideTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => WakeIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void NoteAddedRows(DbContext? context)
    {
        if (context is ServiceDbContext service && service.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
            service.OutboxRowsPending = true;
    }

    private void WakeOutsideTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) WakeIfPending(context);
    }

    private void WakeIfPending(DbContext? context)
    {
        if (context is not ServiceDbContext { OutboxRowsPending: true } service) return;
        service.OutboxRowsPending = false;
        signal.Wake();
    }

    private static void Forget(DbContext? context)
    {
        if (context is ServiceDbContext service) service.OutboxRowsPending = false;
    }
}

/// <summary>Tells one service's relay that its outbox has new rows.</summary>
public sealed class OutboxSignal<TContext> where TContext : ServiceDbContext
{
    private readonly SemaphoreSlim signal = new(0);

    public void Wake()
    {
        if (signal.CurrentCount == 0) signal.Release();
    }

    /// <returns>true when woken, false when <paramref name="timeout"/> passed first.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
