namespace Geofence.Channels.Sending;

/// <summary>
/// Holds sends to at most <c>maxPerSecond</c> per one-second period: up to that many go at once, the rest wait their
/// turn. Two kinds of send wait apart: an <see cref="SendPriority.Immediate"/> one (an arrival, a reminder) always gets
/// the next permit before any waiting <see cref="SendPriority.Background"/> one (a campaign), and background sends
/// together take at most <c>backgroundShare × maxPerSecond</c> permits in a period, so that a campaign's backlog never
/// holds an arrival back by more than the permits already handed out. Within a kind, sends go in the order they asked.
/// The period is a timer from <see cref="TimeProvider"/> rather than the limiter's own clock, so that tests can drive it.
/// The share holds per process: Dispatcher replicas each keep their own (a limit shared across replicas is issue 13).
/// </summary>
public sealed class SendRateLimiter : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly LinkedList<Waiter> immediate = new();
    private readonly LinkedList<Waiter> background = new();
    private readonly int maxPerSecond;
    private readonly double backgroundPerPeriod;
    private readonly double backgroundCap;
    private readonly ITimer refill;
    private int permits;
    private double backgroundCredit;
    private bool disposed;

    /// <param name="backgroundShare">The share of the rate background sends may use together: greater than 0, at most 1.</param>
    public SendRateLimiter(int maxPerSecond, TimeProvider? time = null, double backgroundShare = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerSecond, 1);
        if (!(backgroundShare is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(backgroundShare), backgroundShare, "must be > 0 and ≤ 1");
        this.maxPerSecond = maxPerSecond;
        backgroundPerPeriod = Math.Round(backgroundShare * maxPerSecond, 9); // 0.7 × 10 is 7, not 6.999…
        // Whole permits: ⌊share × rate⌋ a period. Below one (a provider allowed a single send a second) the fraction
        // accumulates instead, so that a campaign still sends, one every few periods, and never more than one in any.
        backgroundCap = Math.Max(1, Math.Floor(backgroundPerPeriod));
        permits = maxPerSecond;
        backgroundCredit = Math.Min(backgroundCap, backgroundPerPeriod);
        refill = (time ?? TimeProvider.System).CreateTimer(_ => Refill(), null, Period, Period);
    }

    /// <summary>Sends waiting for a permit.</summary>
    public long Waiting
    {
        get
        {
            lock (gate) return immediate.Count + background.Count;
        }
    }

    /// <summary>Completes when this send may go.</summary>
    public ValueTask WaitAsync(SendPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (priority == SendPriority.Immediate ? TryTakeImmediate() : TryTakeBackground()) return ValueTask.CompletedTask;
            waiter = new Waiter();
            waiter.Node = (priority == SendPriority.Immediate ? immediate : background).AddLast(waiter);
        }
        // Registered outside the lock: a token already cancelled runs the callback at once, which takes the lock.
        waiter.Cancellation = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        return new ValueTask(waiter.Task);
    }

    private bool TryTakeImmediate()
    {
        // Waiting immediate sends came first; a background one never stands in an immediate one's way.
        if (permits == 0 || immediate.Count > 0) return false;
        permits--;
        return true;
    }

    private bool TryTakeBackground()
    {
        if (permits == 0 || backgroundCredit < 1 || immediate.Count > 0 || background.Count > 0) return false;
        permits--;
        backgroundCredit--;
        return true;
    }

    private void Refill()
    {
        var granted = new List<Waiter>();
        lock (gate)
        {
            if (disposed) return;
            permits = maxPerSecond;
            backgroundCredit = Math.Min(backgroundCap, backgroundCredit + backgroundPerPeriod);
            while (permits > 0 && immediate.First is { } first)
            {
                immediate.RemoveFirst();
                permits--;
                granted.Add(first.Value);
            }
            while (permits > 0 && backgroundCredit >= 1 && background.First is { } next)
            {
                background.RemoveFirst();
                permits--;
                backgroundCredit--;
                granted.Add(next.Value);
            }
        }
        // Completed outside the lock: continuations run asynchronously, but a cancellation registration is disposed here.
        foreach (var waiter in granted) waiter.Grant();
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (waiter.Node?.List is not { } list) return; // granted or failed already
            list.Remove(waiter.Node);
        }
        waiter.Cancel(cancellationToken);
    }

    public void Dispose()
    {
        List<Waiter> left;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            left = [.. immediate, .. background];
            immediate.Clear();
            background.Clear();
        }
        refill.Dispose();
        foreach (var waiter in left) waiter.Fail(new ObjectDisposedException(nameof(SendRateLimiter)));
    }

    private sealed class Waiter
    {
        private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Cancellation { get; set; }
        public Task Task => completion.Task;

        public void Grant()
        {
            Cancellation.Dispose();
            completion.TrySetResult();
        }

        public void Cancel(CancellationToken cancellationToken)
        {
            Cancellation.Dispose();
            completion.TrySetCanceled(cancellationToken);
        }

        public void Fail(Exception exception)
        {
            Cancellation.Dispose();
            completion.TrySetException(exception);
        }
    }
}
