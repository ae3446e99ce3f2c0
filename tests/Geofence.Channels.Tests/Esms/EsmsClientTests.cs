using Geofence.Channels.Esms;
using Geofence.Channels.Tests.Support;

namespace Geofence.Channels.Tests.Esms;

public sealed class EsmsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SmsMessage Sms(string to) => new(Guid.NewGuid(), to, "Chao mung den Quang Ninh. Hay cai Bluezone.");

    [Fact]
    public async Task An_sms_goes_out_under_the_brandname_to_the_national_number_with_the_notification_id_as_request_id()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        var options = esms.Options();
        options.CallbackUrl = "https://dispatcher.example/api/v1/receipts/esms";
        using var client = new EsmsClient(http, options);
        var sms = Sms("+84912345678");

        var result = await client.SendAsync(sms, Ct);

        Assert.IsType<ProviderResult.Accepted>(result);
        var body = Assert.Single(esms.Delivered);
        Assert.Equal("0912345678", body["Phone"]!.GetValue<string>());
        Assert.Equal(sms.NotificationId.ToString(), body["RequestId"]!.GetValue<string>());
        Assert.Equal("GEOFENCE", body["Brandname"]!.GetValue<string>());
        Assert.Equal("0", body["Sandbox"]!.GetValue<string>());
        Assert.Equal(options.CallbackUrl, body["CallbackUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plain_text_goes_as_a_plain_SMS_and_Korean_text_as_a_Unicode_SMS()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());

        Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct));
        Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(
            new SmsMessage(Guid.NewGuid(), Numbers.Vietnamese(), "꽝닌성에 오신 것을 환영합니다. Bluezone을 설치하세요."), Ct));

        Assert.Equal(["0", "1"], esms.Delivered.Select(b => b["IsUnicode"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Sending_the_same_notification_again_counts_as_sent_and_is_delivered_once()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());
        var sms = Sms(Numbers.Vietnamese());

        var first = await client.SendAsync(sms, Ct);
        var again = await client.SendAsync(sms, Ct);

        Assert.IsType<ProviderResult.Accepted>(first);
        Assert.Equal(sms.NotificationId.ToString(), Assert.IsType<ProviderResult.Accepted>(again).ProviderMessageId);
        Assert.Single(esms.Delivered);
    }

    [Fact]
    public async Task Wrong_keys_are_a_configuration_problem()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        var options = esms.Options();
        options.SecretKey = "wrong";
        using var client = new EsmsClient(http, options);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "101"), (error.Action, error.Code));
    }

    [Fact]
    public async Task An_unregistered_brandname_is_a_configuration_problem()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        var options = esms.Options();
        options.Brandname = "OTHERBRAND";
        using var client = new EsmsClient(http, options);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "104"), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_blocked_phone_is_an_opt_out()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());
        esms.BlockedPhones.Add("0987654321");

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms("+84987654321"), Ct)).Error;

        Assert.Equal((ErrorAction.OptOut, "99"), (error.Action, error.Code));
        Assert.DoesNotContain("0987654321", error.Detail);
    }

    [Fact]
    public async Task A_phone_eSMS_finds_invalid_is_an_invalid_recipient()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());

        // +84 with a short subscriber number passes E.164 but not eSMS's 10-digit national form.
        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms("+8491234567"), Ct)).Error;

        Assert.Equal((ErrorAction.InvalidRecipient, "108"), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_foreign_number_is_refused_without_calling_eSMS()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms("+447700900123"), Ct)).Error;

        Assert.Equal(ErrorAction.InvalidRecipient, error.Action);
        Assert.Equal(0, esms.Server.Requests);
    }

    [Theory]
    [InlineData("103", ErrorAction.Configuration)]
    [InlineData("140", ErrorAction.Configuration)]
    [InlineData("146", ErrorAction.Configuration)]
    [InlineData("177", ErrorAction.Rejected)]
    public async Task Balance_ip_and_template_codes_are_configuration_problems_and_unknown_codes_plain_rejections(string code, ErrorAction action)
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());
        esms.Server.Reply(200, FakeEsms.CodeJson(code, "refused"));

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((action, code), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_server_error_is_retried_and_the_retry_is_deduplicated_by_request_id()
    {
        await using var esms = await FakeEsms.StartAsync();
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());
        esms.Server.Reply(502);
        var sms = Sms(Numbers.Vietnamese());

        Assert.IsType<ProviderResult.Retry>(await client.SendAsync(sms, Ct));
        Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(sms, Ct));
        Assert.Single(esms.Delivered);
    }
}
