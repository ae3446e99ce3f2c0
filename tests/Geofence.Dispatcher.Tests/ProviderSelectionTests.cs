using Geofence.Dispatcher.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Geofence.Dispatcher.Tests;

public sealed class ProviderSelectionTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Without_configuration_every_channel_uses_the_sandbox_and_Zalo_is_off()
    {
        var selection = ProviderSelection.From(Configuration());

        Assert.Equal((PushProvider.Sandbox, SmsProvider.Sandbox, false), (selection.Push, selection.Sms, selection.ZaloEnabled));
    }

    [Fact]
    public void An_unknown_provider_name_stops_start_up_naming_the_setting_and_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProviderSelection.From(Configuration(("Channels:Sms:Provider", "Nexmo"))));

        Assert.Contains("Channels__Sms__Provider", error.Message);
        Assert.Contains("Twilio", error.Message);
    }

    [Fact]
    public async Task A_chosen_provider_with_incomplete_settings_stops_start_up_naming_what_is_missing()
    {
        var configuration = Configuration(("Channels:Sms:Provider", "Twilio"), ("Channels:Twilio:AccountSid", "AC123"));
        var services = new ServiceCollection().AddLogging();
        ProviderSelection.From(configuration).Register(services, configuration);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Channels__Twilio__AuthToken is missing", error.Message);
    }
}
