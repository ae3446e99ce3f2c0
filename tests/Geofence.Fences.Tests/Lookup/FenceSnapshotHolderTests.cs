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
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var cancellationToken = TestContext.Current.CancellationToken;

        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                holder.Replace(snapshots[i % 2]);
            }
        }, cancellationToken);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var lookups = 0;
            while (!stop.IsCancellationRequested)
            {
                var codes = holder.Current.CodesAt(20.5, 105.5);
                Assert.True(codes is ["A1", "A2"] or ["B1", "B2"], string.Join(",", codes));
                lookups++;
            }
            return lookups;
        }, cancellationToken)).ToArray();

        await writer;
        var lookupCounts = await Task.WhenAll(readers);
        Assert.All(lookupCounts, count => Assert.True(count > 0));
    }
}
