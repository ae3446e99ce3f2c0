using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Providers;
using Geofence.Messaging.Bus;
using Microsoft.Extensions.Configuration;

namespace Geofence.Dispatcher.Tests;

public sealed class DispatcherSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    private static SendNotificationConsumerDefinition Definition(IConfiguration configuration) =>
        new(new BusSettings(), ProviderSelection.From(configuration), DispatcherSettings.From(configuration));

    [Fact]
    public void The_send_endpoint_prefetches_and_works_on_as_many_commands_at_once_as_Dispatcher__ConcurrentMessageLimit_says()
    {
        var endpoint = Definition(Configuration(("Dispatcher:ConcurrentMessageLimit", "32"))).EndpointDefinition;

        Assert.NotNull(endpoint);
        Assert.Equal((32, 32), (endpoint.PrefetchCount, endpoint.ConcurrentMessageLimit));
    }

    [Fact]
    public void Without_the_setting_the_send_endpoint_keeps_MassTransit_s_default()
    {
        Assert.Null(DispatcherSettings.From(Configuration()).ConcurrentMessageLimit);
        Assert.Null(Definition(Configuration()).EndpointDefinition);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void A_limit_out_of_range_stops_start_up_naming_the_setting(string limit)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DispatcherSettings.From(Configuration(("Dispatcher:ConcurrentMessageLimit", limit))));

        Assert.Contains("Dispatcher__ConcurrentMessageLimit", error.Message);
    }
}
