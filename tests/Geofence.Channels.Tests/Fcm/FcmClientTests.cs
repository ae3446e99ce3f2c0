using Geofence.Channels.Fcm;
using Geofence.Channels.Tests.Support;

namespace Geofence.Channels.Tests.Fcm;

public sealed class FcmClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PushMessage Push(string token, string body = "Chào mừng đến Quảng Ninh. Hãy cài Bluezone.", Dictionary<string, string>? data = null) =>
        new(Guid.NewGuid(), token, PushPlatform.Android, "Bluezone", body, data ?? new() { ["province"] = "22", ["kind"] = "arrival" });

    [Fact]
    public async Task A_push_is_accepted_after_the_client_exchanges_its_service_account_key_for_an_access_token()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());

        var result = await client.SendAsync(Push(Numbers.PushToken()), Ct);

        var accepted = Assert.IsType<ProviderResult.Accepted>(result);
        Assert.StartsWith($"projects/{fcm.ProjectId}/messages/", accepted.ProviderMessageId);
        Assert.Equal(1, fcm.TokenRequests);
    }

    [Fact]
    public async Task The_message_asks_for_high_priority_a_one_day_ttl_and_carries_string_data_and_an_apns_block()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        var token = Numbers.PushToken();

        await client.SendAsync(Push(token), Ct);

        var message = Assert.Single(fcm.Delivered);
        Assert.Equal(token, message["token"]!.GetValue<string>());
        Assert.Equal("Bluezone", message["notification"]!["title"]!.GetValue<string>());
        Assert.Equal("high", message["android"]!["priority"]!.GetValue<string>());
        Assert.Equal("86400s", message["android"]!["ttl"]!.GetValue<string>());
        Assert.Equal("22", message["data"]!["province"]!.GetValue<string>());
        Assert.Equal("10", message["apns"]!["headers"]!["apns-priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_access_token_is_reused_for_later_sends_instead_of_being_fetched_each_time()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());

        for (var i = 0; i < 3; i++) Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(Push(Numbers.PushToken()), Ct));

        Assert.Equal(1, fcm.TokenRequests);
    }

    [Fact]
    public async Task An_unregistered_token_is_refused_with_the_advice_to_drop_it()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        var dead = Numbers.PushToken();
        fcm.DeadTokens.Add(dead);

        var result = await client.SendAsync(Push(dead), Ct);

        var error = Assert.IsType<ProviderResult.Rejected>(result).Error;
        Assert.Equal(ErrorAction.DropToken, error.Action);
        Assert.Equal("UNREGISTERED", error.Code);
    }

    [Fact]
    public async Task A_token_of_another_sender_is_refused_with_the_advice_to_drop_it()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        var foreign = Numbers.PushToken();
        fcm.ForeignTokens.Add(foreign);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(foreign), Ct)).Error;

        Assert.Equal((ErrorAction.DropToken, "SENDER_ID_MISMATCH"), (error.Action, error.Code));
    }

    [Fact]
    public async Task An_invalid_argument_about_the_token_drops_the_token_and_the_token_is_scrubbed_from_the_detail()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        var malformed = Numbers.PushToken();
        fcm.MalformedTokens.Add(malformed);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(malformed), Ct)).Error;

        Assert.Equal((ErrorAction.DropToken, "INVALID_ARGUMENT"), (error.Action, error.Code));
        Assert.DoesNotContain(malformed, error.Detail);
    }

    [Fact]
    public async Task An_invalid_argument_about_the_message_is_rejected_without_dropping_the_token()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        fcm.Server.Reply(400, FakeFcm.ErrorJson(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid value at 'message.android.ttl'"));

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(Numbers.PushToken()), Ct)).Error;

        Assert.Equal(ErrorAction.Rejected, error.Action);
    }

    [Fact]
    public async Task A_third_party_auth_error_is_a_configuration_problem()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        fcm.Server.Reply(401, FakeFcm.ErrorJson(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "APNs certificate rejected"));

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(Numbers.PushToken()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "THIRD_PARTY_AUTH_ERROR"), (error.Action, error.Code));
    }

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED")]
    [InlineData(503, "UNAVAILABLE", "UNAVAILABLE")]
    [InlineData(500, "INTERNAL", "INTERNAL")]
    public async Task Quota_unavailable_and_internal_errors_are_retried_later(int status, string googleStatus, string errorCode)
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        fcm.Server.Reply(status, FakeFcm.ErrorJson(status, googleStatus, errorCode, "try later"), retryAfter: "30");

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(Push(Numbers.PushToken()), Ct));

        Assert.Equal(TimeSpan.FromSeconds(30), retry.RetryAfter);
        Assert.Equal(errorCode, retry.Reason);
    }

    [Fact]
    public async Task A_payload_over_4096_bytes_is_rejected_without_calling_fcm()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());

        var result = await client.SendAsync(Push(Numbers.PushToken(), body: new string('a', 4000)), Ct);

        Assert.Equal("PAYLOAD_TOO_LARGE", Assert.IsType<ProviderResult.Rejected>(result).Error.Code);
        Assert.Equal(0, fcm.Server.Requests);
        Assert.Equal(0, fcm.TokenRequests);
    }

    [Fact]
    public async Task Vietnamese_text_counts_towards_the_limit_as_utf8_not_as_escapes()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());
        // 1,100 × "ắ" is 3,300 bytes in UTF-8 but would be 6,600 as \uXXXX escapes.
        var body = new string('ắ', 1100);

        Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(Push(Numbers.PushToken(), body), Ct));
    }

    [Fact]
    public async Task A_key_the_token_endpoint_does_not_trust_is_a_configuration_problem()
    {
        await using var fcm = await FakeFcm.StartAsync(trustsTheKey: false);
        using var http = new HttpClient();
        using var client = new FcmClient(http, fcm.Options());

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(Numbers.PushToken()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "oauth-invalid_grant"), (error.Action, error.Code));
        Assert.Equal(0, fcm.Server.Requests);
    }

    [Fact]
    public async Task A_wrong_project_is_a_configuration_problem()
    {
        await using var fcm = await FakeFcm.StartAsync();
        using var http = new HttpClient();
        var options = fcm.Options();
        options.ProjectId = "someone-elses-project";
        using var client = new FcmClient(http, options);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Push(Numbers.PushToken()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "NOT_FOUND"), (error.Action, error.Code));
    }
}
