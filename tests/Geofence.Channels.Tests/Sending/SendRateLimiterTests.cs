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

        for (var i = 0; i < 3; i++) Assert.True(limiter.WaitAsync(Ct).IsCompleted);
        var fourth = limiter.WaitAsync(Ct).AsTask();

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
        await limiter.WaitAsync(Ct);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.WaitAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.Waiting);
    }

    [Fact]
    public void A_rate_below_one_per_second_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendRateLimiter(0));
    }
}
