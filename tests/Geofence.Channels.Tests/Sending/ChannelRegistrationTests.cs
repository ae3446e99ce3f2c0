using Geofence.Channels.Tests.Support;
using Geofence.Channels.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Geofence.Channels.Tests.Sending;

public sealed class ChannelRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_with_missing_provider_settings_fails_at_start_naming_the_variables()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddTwilioSms(builder.Configuration);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Channels__Twilio__AccountSid is missing", failure.Message);
        Assert.Contains("Channels__Twilio__AuthToken is missing", failure.Message);
    }

    [Fact]
    public async Task A_configured_provider_resolves_as_one_shared_client_that_sends()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = twilio.AccountSid,
            ["Channels:Twilio:AuthToken"] = twilio.AuthToken,
            ["Channels:Twilio:From"] = "GEOFENCE",
            ["Channels:Twilio:BaseUrl"] = twilio.Server.BaseUrl,
            ["Channels:Twilio:RequestTimeout"] = "00:00:05",
        });
        builder.Services.AddTwilioSms(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync(Ct);

        var sms = host.Services.GetRequiredService<ISmsProvider>();

        Assert.Same(host.Services.GetRequiredService<TwilioSmsClient>(), sms);
        Assert.IsType<ProviderResult.Accepted>(await sms.SendAsync(new SmsMessage(Guid.NewGuid(), Numbers.Vietnamese(), "Hay cai Bluezone."), Ct));
        await host.StopAsync(Ct);
    }
}
