using Geofence.Channels.Sending;
using Geofence.Channels.Tests.Support;
using Geofence.Channels.Twilio;
using Microsoft.Extensions.Time.Testing;

namespace Geofence.Channels.Tests.Sending;

public sealed class SendRateLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_reaches_the_provider_at_most_max_per_second_for_each_second_that_passes()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var clock = new FakeTimeProvider();
        var options = twilio.Options();
        options.MaxPerSecond = 5;
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, options, clock);

        var sends = Enumerable.Range(0, 15)
            .Select(_ => client.SendAsync(new SmsMessage(Guid.NewGuid(), Numbers.Vietnamese(), "Hay cai Bluezone."), Ct))
            .ToList();

        for (var second = 1; second <= 3; second++)
        {
            var reached = 5 * second;
            await Eventually.TrueAsync(() => twilio.Server.Requests == reached && client.Limiter.Waiting == 15 - reached,
                $"{reached} sends reached Twilio and {15 - reached} wait", () => $"requests {twilio.Server.Requests}, waiting {client.Limiter.Waiting}");
            Assert.Equal(reached, twilio.Server.Requests);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.All(await Task.WhenAll(sends), r => Assert.IsType<ProviderResult.Accepted>(r));
        Assert.Equal(15, twilio.Server.Requests);
    }

    [Fact]
    public async Task Permits_beyond_the_rate_wait_until_the_next_second()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(3, clock);

        for (var i = 0; i < 3; i++) Assert.True(limiter.WaitAsync(SendPriority.Immediate, Ct).IsCompleted);
        var fourth = limiter.WaitAsync(SendPriority.Immediate, Ct).AsTask();

        Assert.False(fourth.IsCompleted);
        Assert.Equal(1, limiter.Waiting);
        clock.Advance(TimeSpan.FromSeconds(1));
        await fourth;
        Assert.Equal(0, limiter.Waiting);
    }

    [Fact]
    public async Task A_waiting_send_can_be_cancelled_by_its_caller()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(1, clock);
        await limiter.WaitAsync(SendPriority.Immediate, Ct);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.WaitAsync(SendPriority.Immediate, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.Waiting);
    }

    [Fact]
    public void A_rate_below_one_per_second_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendRateLimiter(0));
    }

    [Fact]
    public async Task A_waiting_immediate_send_gets_the_next_permit_before_background_sends_that_waited_longer()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(2, clock, backgroundShare: 1);
        await limiter.WaitAsync(SendPriority.Background, Ct);
        await limiter.WaitAsync(SendPriority.Background, Ct);

        var campaign = Enumerable.Range(0, 3).Select(_ => limiter.WaitAsync(SendPriority.Background, Ct).AsTask()).ToList();
        var arrival = limiter.WaitAsync(SendPriority.Immediate, Ct).AsTask();
        Assert.Equal(4, limiter.Waiting);
        clock.Advance(TimeSpan.FromSeconds(1));

        await arrival;
        await campaign[0];
        Assert.False(campaign[1].IsCompleted);
        Assert.False(campaign[2].IsCompleted);
        Assert.Equal(2, limiter.Waiting);
    }

    [Fact]
    public async Task Background_sends_never_take_more_than_their_share_of_a_period_even_when_nothing_else_waits()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(10, clock, backgroundShare: 0.8);

        var campaign = Enumerable.Range(0, 30).Select(_ => limiter.WaitAsync(SendPriority.Background, Ct).AsTask()).ToList();
        for (var period = 1; period <= 4; period++)
        {
            // The timer's tick hands out the period's permits before Advance returns.
            Assert.Equal(Math.Min(8 * period, 30), campaign.Count(t => t.IsCompleted));
            // The two permits the campaign may not take are there for arrivals at once.
            Assert.True(limiter.WaitAsync(SendPriority.Immediate, Ct).IsCompleted);
            Assert.True(limiter.WaitAsync(SendPriority.Immediate, Ct).IsCompleted);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        await Task.WhenAll(campaign);
    }

    [Fact]
    public async Task Immediate_sends_alone_may_use_the_whole_rate()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(10, clock, backgroundShare: 0.5);

        var arrivals = Enumerable.Range(0, 25).Select(_ => limiter.WaitAsync(SendPriority.Immediate, Ct).AsTask()).ToList();

        Assert.Equal(10, arrivals.Count(t => t.IsCompleted));
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(arrivals.Take(20));
        Assert.Equal(20, arrivals.Count(t => t.IsCompleted));
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(arrivals);
    }

    [Fact]
    public async Task A_share_below_one_permit_a_period_still_sends_one_every_few_periods()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(1, clock, backgroundShare: 0.5);

        var first = limiter.WaitAsync(SendPriority.Background, Ct).AsTask();
        var second = limiter.WaitAsync(SendPriority.Background, Ct).AsTask();
        Assert.False(first.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await first;
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await second;
    }

    [Fact]
    public async Task A_cancelled_background_send_leaves_its_turn_to_the_next()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new SendRateLimiter(1, clock);
        await limiter.WaitAsync(SendPriority.Background, Ct);
        using var cancel = new CancellationTokenSource();

        var cancelled = limiter.WaitAsync(SendPriority.Background, cancel.Token).AsTask();
        var next = limiter.WaitAsync(SendPriority.Background, Ct).AsTask();
        await cancel.CancelAsync();
        clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await next;
        Assert.Equal(0, limiter.Waiting);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.01)]
    public void A_background_share_outside_zero_to_one_is_a_programming_error(double share)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendRateLimiter(10, backgroundShare: share));
    }
}
