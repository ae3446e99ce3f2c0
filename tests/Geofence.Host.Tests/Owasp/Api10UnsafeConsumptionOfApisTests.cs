using Geofence.Channels;
using Geofence.Channels.Esms;
using Geofence.Channels.Twilio;
using Geofence.Testing.Providers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API10:2023, unsafe consumption of APIs. A provider's answer is read up to 64 KB (every contract's answer is a
/// few hundred bytes): a longer one, or one cut off, is a failed <see cref="ProviderResult.Retry"/> ("reply over 64 KB
/// or cut off"), never a buffer of whatever size the provider sends. A success status whose body is not JSON, or is JSON
/// of another shape, is a failed result with a reason ("unreadable reply"), never an exception out of the client.
/// Tested on the clients every send goes through, against the fake providers on real HTTP. PMS answers: the PMS
/// adapters are issue 10 and do not exist yet.
/// </summary>
public sealed class Api10UnsafeConsumptionOfApisTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SmsMessage Sms() => new(Guid.NewGuid(), "+84912345678", "Welcome to Quang Ninh.");

    public static TheoryData<string> HostileAnswers => new()
    {
        "not json at all <html>",
        "[1, 2, 3]",
        "{\"sid\": {\"nested\": true}, \"num_segments\": \"many\"}",
        "{\"CodeResult\": [\"100\"], \"SMSID\": 7}",
        "{",
        "null",
    };

    [Fact]
    public async Task A_10_MB_answer_from_twilio_is_a_failed_result_not_read_into_memory()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        twilio.Server.Reply(201, $"{{\"sid\": \"SM1\", \"padding\": \"{new string('x', 10 * 1024 * 1024)}\"}}");
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());

        var result = await client.SendAsync(Sms(), Ct);

        Assert.Contains("64 KB", Assert.IsType<ProviderResult.Retry>(result).Reason);
    }

    [Fact]
    public async Task A_10_MB_answer_from_esms_is_a_failed_result_not_read_into_memory()
    {
        await using var esms = await FakeEsms.StartAsync();
        esms.Server.Reply(200, $"{{\"CodeResult\": \"100\", \"SMSID\": \"{new string('1', 10 * 1024 * 1024)}\"}}");
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());

        var result = await client.SendAsync(Sms(), Ct);

        Assert.Contains("64 KB", Assert.IsType<ProviderResult.Retry>(result).Reason);
    }

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task A_success_status_with_garbage_from_twilio_is_a_failed_result_with_a_reason(string body)
    {
        await using var twilio = await FakeTwilio.StartAsync();
        twilio.Server.Reply(201, body);
        using var http = new HttpClient();
        using var client = new TwilioSmsClient(http, twilio.Options());

        var result = await client.SendAsync(Sms(), Ct);

        Assert.False(result is ProviderResult.Accepted, $"{body} was taken as accepted");
        Assert.False(string.IsNullOrEmpty((result as ProviderResult.Retry)?.Reason ?? (result as ProviderResult.Rejected)?.Error.Code));
    }

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task A_success_status_with_garbage_from_esms_is_a_failed_result_with_a_reason(string body)
    {
        await using var esms = await FakeEsms.StartAsync();
        esms.Server.Reply(200, body);
        using var http = new HttpClient();
        using var client = new EsmsClient(http, esms.Options());

        var result = await client.SendAsync(Sms(), Ct);

        Assert.False(result is ProviderResult.Accepted, $"{body} was taken as accepted");
        Assert.False(string.IsNullOrEmpty((result as ProviderResult.Retry)?.Reason ?? (result as ProviderResult.Rejected)?.Error.Code));
    }
}
