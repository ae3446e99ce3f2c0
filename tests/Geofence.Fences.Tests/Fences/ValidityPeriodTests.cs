namespace Geofence.Fences.Tests.Fences;

public class ValidityPeriodTests
{
    private static readonly DateTimeOffset Start = new(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_period_includes_its_start_and_excludes_its_end()
    {
        var period = new ValidityPeriod(Start, Start.AddDays(1));

        Assert.False(period.Contains(Start.AddTicks(-1)));
        Assert.True(period.Contains(Start));
        Assert.True(period.Contains(Start.AddDays(1).AddTicks(-1)));
        Assert.False(period.Contains(Start.AddDays(1)));
    }

    [Fact]
    public void Missing_bounds_are_open_ended()
    {
        Assert.True(ValidityPeriod.Always.Contains(DateTimeOffset.MinValue));
        Assert.True(ValidityPeriod.Always.Contains(DateTimeOffset.MaxValue));
        Assert.True(new ValidityPeriod(null, Start).Contains(DateTimeOffset.MinValue));
        Assert.True(new ValidityPeriod(Start, null).Contains(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void An_empty_period_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ValidityPeriod(Start, Start));
        Assert.Throws<ArgumentException>(() => new ValidityPeriod(Start, Start.AddTicks(-1)));
    }
}
