using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Lookup;

public class FenceSnapshotHolderTests
{
    private const string Square = "POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20))";

    [Fact]
    public void A_new_holder_starts_empty()
    {
        Assert.Empty(new FenceSnapshotHolder().Current.Fences);
    }

    [Fact]
    public void Replacing_publishes_the_new_snapshot_and_returns_the_old_one()
    {
        var first = new FenceSnapshot([Province("A", Square)]);
        var second = new FenceSnapshot([Province("B", Square)]);
        var holder = new FenceSnapshotHolder(first);

        var previous = holder.Replace(second);

        Assert.Same(first, previous);
        Assert.Same(second, holder.Current);
    }

    [Fact]
    public async Task Readers_see_one_whole_snapshot_or_the_other_while_it_is_being_replaced()
    {
        var snapshots = new[]
        {
            new FenceSnapshot([Province("A1", Square), SiteCircle("A2", 20.5, 105.5, 1000)]),
            new FenceSnapshot([Province("B1", Square), SiteCircle("B2", 20.5, 105.5, 1000)]),
        };
        var holder = new FenceSnapshotHolder(snapshots[0]);
        var cancellationToken = TestContext.Current.CancellationToken;
        // Each reader reads until it has read 10,000 times and seen the writer replace the snapshot 200 times meanwhile, so
        // the reads and the replacements overlap however the threads are scheduled (a fixed 300 ms let a loaded machine
        // run a reader not at all).
        var replacements = 0;
        using var readersDone = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!readersDone.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                holder.Replace(snapshots[Interlocked.Increment(ref replacements) % 2]);
            }
        }, cancellationToken);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var startedAt = Volatile.Read(ref replacements);
            for (var lookups = 0; lookups < 10_000 || Volatile.Read(ref replacements) - startedAt < 200; lookups++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var codes = holder.Current.CodesAt(20.5, 105.5);
                Assert.True(codes is ["A1", "A2"] or ["B1", "B2"], string.Join(",", codes));
            }
        }, cancellationToken)).ToArray();

        try
        {
            await Task.WhenAll(readers);
        }
        finally
        {
            await readersDone.CancelAsync();
            await writer;
        }
    }
}
