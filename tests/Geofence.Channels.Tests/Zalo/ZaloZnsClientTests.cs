using Geofence.Channels.Tests.Support;
using Geofence.Channels.Zalo;

namespace Geofence.Channels.Tests.Zalo;

public sealed class ZaloZnsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ZaloTemplateMessage Template(string phone) =>
        new(Guid.NewGuid(), phone, new Dictionary<string, string> { ["province"] = "Quang Ninh", ["app"] = "Bluezone" });

    [Fact]
    public async Task A_template_goes_to_the_international_number_with_the_notification_id_as_tracking_id()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        using var client = new ZaloZnsClient(http, zalo.Options());
        var message = Template("+84912345678");

        var result = await client.SendAsync(message, Ct);

        Assert.IsType<ProviderResult.Accepted>(result);
        var body = Assert.Single(zalo.Delivered);
        Assert.Equal("84912345678", body["phone"]!.GetValue<string>());
        Assert.Equal(zalo.TemplateId, body["template_id"]!.GetValue<string>());
        Assert.Equal(message.NotificationId.ToString(), body["tracking_id"]!.GetValue<string>());
        Assert.Equal("Bluezone", body["template_data"]!["app"]!.GetValue<string>());
        Assert.Equal(0, zalo.Refreshes);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_send_retried_with_the_new_one()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        var options = zalo.OptionsWithExpiredAccessToken();
        var store = new InMemoryZaloTokenStore(new ZaloTokens(options.AccessToken, options.RefreshToken));
        using var client = new ZaloZnsClient(http, options, store);

        var result = await client.SendAsync(Template(Numbers.Vietnamese()), Ct);

        Assert.IsType<ProviderResult.Accepted>(result);
        Assert.Equal(1, zalo.Refreshes);
        Assert.Equal(zalo.Current, await store.GetAsync(Ct));
    }

    [Fact]
    public async Task Ten_concurrent_sends_with_an_expired_token_cause_exactly_one_refresh_and_all_succeed()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        var options = zalo.OptionsWithExpiredAccessToken();
        var store = new InMemoryZaloTokenStore(new ZaloTokens(options.AccessToken, options.RefreshToken));
        using var client = new ZaloZnsClient(http, options, store);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(Template(Numbers.Vietnamese()), Ct)));

        Assert.All(results, r => Assert.IsType<ProviderResult.Accepted>(r));
        Assert.Equal(10, zalo.TokenRefusals);
        Assert.Equal(1, zalo.Refreshes);
        Assert.Equal(10, zalo.Delivered.Count);
        Assert.Equal(zalo.Current, await store.GetAsync(Ct));
    }

    [Fact]
    public async Task A_spent_refresh_token_is_a_configuration_problem_and_the_stored_pair_is_kept()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        var options = zalo.OptionsWithExpiredAccessToken();
        options.RefreshToken = "refresh-already-used";
        var stale = new ZaloTokens(options.AccessToken, options.RefreshToken);
        var store = new InMemoryZaloTokenStore(stale);
        using var client = new ZaloZnsClient(http, options, store);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Template(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "oauth--14014"), (error.Action, error.Code));
        Assert.Equal(stale, await store.GetAsync(Ct));
    }

    [Fact]
    public async Task A_refresh_token_spent_by_another_process_sharing_the_store_is_recovered_from_the_store()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        var options = zalo.OptionsWithExpiredAccessToken();
        var original = new ZaloTokens(options.AccessToken, options.RefreshToken);
        var shared = new InMemoryZaloTokenStore(original);
        using var otherProcess = new ZaloZnsClient(http, options, shared);
        Assert.IsType<ProviderResult.Accepted>(await otherProcess.SendAsync(Template(Numbers.Vietnamese()), Ct));
        // This process read the pair just before the other one saved its refresh, and reads it once more before refreshing.
        using var client = new ZaloZnsClient(http, options, new LaggingStore(shared, original, staleReads: 2));

        var result = await client.SendAsync(Template(Numbers.Vietnamese()), Ct);

        Assert.IsType<ProviderResult.Accepted>(result);
        Assert.Equal(1, zalo.Refreshes);
        Assert.Equal(zalo.Current, await shared.GetAsync(Ct));
    }

    /// <summary>A shared store seen through replication lag: the first reads still return the old pair.</summary>
    private sealed class LaggingStore(IZaloTokenStore inner, ZaloTokens stale, int staleReads) : IZaloTokenStore
    {
        private int reads;

        public ValueTask<ZaloTokens> GetAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref reads) <= staleReads ? ValueTask.FromResult(stale) : inner.GetAsync(cancellationToken);

        public ValueTask SaveAsync(ZaloTokens tokens, CancellationToken cancellationToken) => inner.SaveAsync(tokens, cancellationToken);
    }

    [Fact]
    public async Task A_phone_without_a_zalo_account_asks_for_a_fall_back_to_sms()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        using var client = new ZaloZnsClient(http, zalo.Options());
        var phone = Numbers.Vietnamese();
        zalo.PhonesWithoutZalo.Add(phone[1..]);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Template(phone), Ct)).Error;

        Assert.Equal((ErrorAction.NoAccountOnChannel, "-118"), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_wrong_template_is_a_configuration_problem()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        var options = zalo.Options();
        options.TemplateId = "999999";
        using var client = new ZaloZnsClient(http, options);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Template(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "-109"), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_phone_zalo_finds_invalid_is_an_invalid_recipient_and_the_number_is_scrubbed()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        using var client = new ZaloZnsClient(http, zalo.Options());

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Template("+8491234567"), Ct)).Error;

        Assert.Equal((ErrorAction.InvalidRecipient, "-108"), (error.Action, error.Code));
        Assert.DoesNotContain("8491234567", error.Detail);
    }

    [Fact]
    public async Task A_busy_zalo_is_retried_later()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        using var client = new ZaloZnsClient(http, zalo.Options());
        zalo.Server.Reply(200, FakeZalo.ErrorJson(-100, "Please try again later"));

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(Template(Numbers.Vietnamese()), Ct));

        Assert.Equal("-100", retry.Reason);
    }

    [Fact]
    public async Task A_token_still_refused_after_the_refresh_is_not_refreshed_again()
    {
        await using var zalo = await FakeZalo.StartAsync();
        using var http = new HttpClient();
        using var client = new ZaloZnsClient(http, zalo.OptionsWithExpiredAccessToken());
        // The retry after the refresh meets -124 as well.
        zalo.Server.Reply(200, FakeZalo.ErrorJson(-124, "Access token is invalid"), times: 2);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Template(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "-124"), (error.Action, error.Code));
        Assert.Equal(1, zalo.Refreshes);
        Assert.Equal(2, zalo.Server.Requests);
    }
}
