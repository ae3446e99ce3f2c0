using Geofence.Channels.Tests.Support;
using Geofence.Channels.Twilio;

namespace Geofence.Channels.Tests.Twilio;

public sealed class TwilioSmsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SmsMessage Sms(string to, string text = "Chao mung den Quang Ninh. Hay cai Bluezone.") => new(Guid.NewGuid(), to, text);

    [Fact]
    public async Task An_sms_is_accepted_with_its_sid_and_segment_count()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());

        var result = await client.SendAsync(Sms(Numbers.Vietnamese(), new string('a', 200)), Ct);

        var accepted = Assert.IsType<ProviderResult.Accepted>(result);
        Assert.StartsWith("SM", accepted.ProviderMessageId);
        Assert.Equal(2, accepted.Segments);
    }

    [Fact]
    public async Task The_form_carries_the_recipient_sender_body_and_status_callback()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        var options = twilio.Options();
        options.StatusCallback = "https://dispatcher.example/api/v1/receipts/twilio";
        using var client = new TwilioSmsClient(http, options);
        var to = Numbers.Vietnamese();

        await client.SendAsync(Sms(to), Ct);

        var form = Assert.Single(twilio.Accepted);
        Assert.Equal(to, form["To"]);
        Assert.Equal("GEOFENCE", form["From"]);
        Assert.Equal("Chao mung den Quang Ninh. Hay cai Bluezone.", form["Body"]);
        Assert.Equal(options.StatusCallback, form["StatusCallback"]);
    }

    [Fact]
    public async Task A_messaging_service_replaces_the_from_number()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        var options = twilio.Options();
        options.From = null;
        options.MessagingServiceSid = "MG" + Guid.NewGuid().ToString("N");
        using var client = new TwilioSmsClient(http, options);

        Assert.IsType<ProviderResult.Accepted>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct));

        var form = Assert.Single(twilio.Accepted);
        Assert.Equal(options.MessagingServiceSid, form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task An_invalid_number_is_refused_as_an_invalid_recipient_without_the_number_in_the_detail()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());
        var to = Numbers.Vietnamese();
        twilio.InvalidNumbers.Add(to);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(to), Ct)).Error;

        Assert.Equal((ErrorAction.InvalidRecipient, "21211"), (error.Action, error.Code));
        Assert.DoesNotContain(to, error.Detail);
        Assert.DoesNotContain(to[1..], error.Detail);
    }

    [Fact]
    public async Task An_unsubscribed_recipient_is_an_opt_out()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());
        var to = Numbers.Vietnamese();
        twilio.UnsubscribedNumbers.Add(to);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(to), Ct)).Error;

        Assert.Equal((ErrorAction.OptOut, "21610"), (error.Action, error.Code));
    }

    [Fact]
    public async Task Too_many_requests_is_retried()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());
        var to = Numbers.Vietnamese();
        twilio.ThrottledNumbers.Add(to);

        var retry = Assert.IsType<ProviderResult.Retry>(await client.SendAsync(Sms(to), Ct));

        Assert.Equal("20429", retry.Reason);
    }

    [Fact]
    public async Task A_wrong_auth_token_is_a_configuration_problem()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        var options = twilio.Options();
        options.AuthToken = "stale-token";
        using var client = new TwilioSmsClient(http, options);

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Configuration, "20003"), (error.Action, error.Code));
    }

    [Fact]
    public async Task A_number_not_in_e164_form_is_refused_without_calling_twilio()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms("0912345678"), Ct)).Error;

        Assert.Equal(ErrorAction.InvalidRecipient, error.Action);
        Assert.Equal(0, twilio.Server.Requests);
    }

    [Fact]
    public async Task A_message_created_already_failed_is_rejected_with_its_error_code()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());
        twilio.Server.Reply(201, """{"sid":"SM00000000000000000000000000000001","status":"failed","error_code":30008,"error_message":"Unknown error","num_segments":"1"}""");

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Rejected, "30008"), (error.Action, error.Code));
    }

    [Fact]
    public async Task An_unknown_error_code_is_a_plain_rejection()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());
        twilio.Server.Reply(400, FakeTwilio.ErrorJson(400, 30007, "Message filtered"));

        var error = Assert.IsType<ProviderResult.Rejected>(await client.SendAsync(Sms(Numbers.Vietnamese()), Ct)).Error;

        Assert.Equal((ErrorAction.Rejected, "30007"), (error.Action, error.Code));
    }
}
