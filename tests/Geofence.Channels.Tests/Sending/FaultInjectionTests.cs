using Geofence.Channels.Tests.Support;
using Geofence.Channels.Twilio;
using Microsoft.Extensions.Time.Testing;

namespace Geofence.Channels.Tests.Sending;

public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(ProviderUnderTest.All), MemberType = typeof(ProviderUnderTest))]
    public async Task A_503_with_retry_after_gives_a_retry_with_that_delay_and_the_next_call_succeeds(string provider)
    {
        using var http = new HttpClient();
        await using var subject = await ProviderUnderTest.StartAsync(provider, http);
        subject.Server.Reply(503, retryAfter: "7");

        var first = await subject.SendAsync(Ct);
        var second = await subject.SendAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<ProviderResult.Retry>(first).RetryAfter);
        Assert.IsType<ProviderResult.Accepted>(second);
    }

    [Theory]
    [MemberData(nameof(ProviderUnderTest.All), MemberType = typeof(ProviderUnderTest))]
    public async Task A_storm_of_429s_leaves_every_send_with_a_retry_and_none_throws(string provider)
    {
        using var http = new HttpClient();
        await using var subject = await ProviderUnderTest.StartAsync(provider, http);
        subject.Server.Reply(429, retryAfter: "2", times: 20);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => subject.SendAsync(Ct)));

        Assert.All(results, r => Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<ProviderResult.Retry>(r).RetryAfter));
        Assert.IsType<ProviderResult.Accepted>(await subject.SendAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(ProviderUnderTest.All), MemberType = typeof(ProviderUnderTest))]
    public async Task A_provider_slower_than_the_request_timeout_gives_a_retry(string provider)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        await using var subject = await ProviderUnderTest.StartAsync(provider, http);
        subject.Server.Stall = TimeSpan.FromSeconds(30);

        var retry = Assert.IsType<ProviderResult.Retry>(await subject.SendAsync(Ct));

        Assert.Equal("timeout", retry.Reason);
    }

    [Theory]
    [MemberData(nameof(ProviderUnderTest.All), MemberType = typeof(ProviderUnderTest))]
    public async Task Cancellation_by_the_caller_is_not_a_retry_but_an_exception(string provider)
    {
        using var http = new HttpClient();
        await using var subject = await ProviderUnderTest.StartAsync(provider, http);
        subject.Server.Stall = TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subject.SendAsync(cancel.Token));
    }

    [Fact]
    public async Task An_unreachable_provider_gives_a_retry()
    {
        var twilio = await FakeTwilio.StartAsync();
        var options = twilio.Options();
        await twilio.DisposeAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, options);

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(new SmsMessage(Guid.NewGuid(), Numbers.Vietnamese(), "Hi"), Ct));

        Assert.Contains("network error", retry.Reason);
    }

    [Fact]
    public async Task A_retry_after_given_as_an_http_date_becomes_the_time_left_until_that_date()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options(), clock);
        twilio.Server.Reply(503, retryAfter: clock.GetUtcNow().AddSeconds(90).ToString("R"));

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(new SmsMessage(Guid.NewGuid(), Numbers.Vietnamese(), "Hi"), Ct));

        Assert.Equal(TimeSpan.FromSeconds(90), retry.RetryAfter);
    }

    [Fact]
    public async Task A_success_reply_that_cannot_be_read_gives_a_retry()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());
        twilio.Server.Reply(201, "<html>gateway</html>");

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(new SmsMessage(Guid.NewGuid(), Numbers.Vietnamese(), "Hi"), Ct));

        Assert.Equal("unreadable reply", retry.Reason);
    }
}
