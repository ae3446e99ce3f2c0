using Geofence.Channels.Sending;

namespace Geofence.Channels.Tests.Sending;

public sealed class RetryBackoffTests
{
    private readonly RetryBackoff backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(500, 60)]
    public void The_ceiling_doubles_from_the_base_delay_until_the_cap(int attempt, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), backoff.Ceiling(attempt));
    }

    [Fact]
    public void Each_delay_is_drawn_between_half_the_ceiling_and_the_ceiling()
    {
        var random = new Random(42);
        for (var attempt = 1; attempt <= 10; attempt++)
            for (var draw = 0; draw < 100; draw++)
            {
                var delay = backoff.DelayBefore(attempt, random: random);
                Assert.InRange(delay, backoff.Ceiling(attempt) / 2, backoff.Ceiling(attempt));
            }
    }

    [Fact]
    public void Delays_are_spread_out_rather_than_all_at_the_ceiling()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200).Select(_ => backoff.DelayBefore(6, random: random)).ToList();

        Assert.Contains(delays, d => d < TimeSpan.FromSeconds(24));
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(24));
    }

    [Fact]
    public void A_retry_after_longer_than_the_backoff_is_honoured_even_beyond_the_cap()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), backoff.DelayBefore(1, TimeSpan.FromMinutes(5), new Random(1)));
    }

    [Fact]
    public void A_retry_after_is_a_minimum_not_a_replacement_for_the_backoff()
    {
        var delay = backoff.DelayBefore(1, new ProviderResult.Retry(TimeSpan.FromMilliseconds(1), "429"), new Random(3));

        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), backoff.Ceiling(1));
    }

    [Fact]
    public void Fifteen_retries_from_one_second_to_one_minute_last_at_least_five_minutes_whatever_the_draws()
    {
        var random = new Random(11);
        var shortest = Enumerable.Range(0, 1000).Min(_ => Enumerable.Range(1, 15).Sum(a => backoff.DelayBefore(a, random: random).TotalSeconds));

        Assert.Equal(TimeSpan.FromSeconds(301.5), backoff.ShortestSpan(15));
        Assert.True(shortest >= 301.5, $"shortest run {shortest} s");
    }

    [Fact]
    public void Attempts_are_counted_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => backoff.DelayBefore(0));
    }
}
