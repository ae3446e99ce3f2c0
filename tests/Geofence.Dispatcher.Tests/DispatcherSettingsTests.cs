using Geofence.Dispatcher.Deliveries;
using Geofence.ServiceDefaults.Settings;
using Microsoft.Extensions.Configuration;

namespace Geofence.Dispatcher.Tests;

public sealed class DispatcherSettingsTests
{
    private static T Bind<T>(string section, params (string Key, string Value)[] settings) where T : new() =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build()
            .GetSection(section).Get<T>() ?? new T();

    [Fact]
    public void The_send_endpoint_prefetches_and_works_on_as_many_commands_at_once_as_Dispatcher__ConcurrentMessageLimit_says()
    {
        var endpoint = new SendNotificationConsumerDefinition(Bind<DispatcherSettings>("Dispatcher", ("Dispatcher:ConcurrentMessageLimit", "32")))
            .EndpointDefinition;

        Assert.NotNull(endpoint);
        Assert.Equal((32, 32), (endpoint.PrefetchCount, endpoint.ConcurrentMessageLimit));
    }

    [Fact]
    public void Without_the_setting_the_send_endpoint_keeps_MassTransit_s_default()
    {
        Assert.Null(Bind<DispatcherSettings>("Dispatcher").ConcurrentMessageLimit);
        Assert.Null(new SendNotificationConsumerDefinition(new DispatcherSettings()).EndpointDefinition);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void A_limit_out_of_range_stops_start_up_naming_the_setting(string limit)
    {
        var settings = Bind<DispatcherSettings>("Dispatcher", ("Dispatcher:ConcurrentMessageLimit", limit));

        Assert.Equal(["Dispatcher__ConcurrentMessageLimit must be between 1 and 1000."],
            SettingsValidation<DispatcherSettings>.Problems("Dispatcher", settings));
    }

    [Fact]
    public void Retry_intervals_must_be_positive_and_in_order()
    {
        var settings = Bind<DeliveryRetrySettings>("Channels:Retry",
            ("Channels:Retry:MinInterval", "00:02:00"), ("Channels:Retry:MaxInterval", "00:01:00"), ("Channels:Retry:GiveUpAfter", "00:00:00"));

        Assert.Equal(["Channels__Retry__GiveUpAfter must be greater than zero", "Channels__Retry__MinInterval must be at most Channels__Retry__MaxInterval"],
            SettingsValidation<DeliveryRetrySettings>.Problems("Channels:Retry", settings));
    }

    [Fact]
    public void By_default_a_retry_waits_between_half_a_second_and_a_minute_and_a_message_is_given_up_after_a_day()
    {
        var retry = new DeliveryRetrySettings();

        Assert.Empty(SettingsValidation<DeliveryRetrySettings>.Problems("Channels:Retry", retry));
        Assert.InRange(retry.DelayBefore(1, null), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMinutes(1), retry.DelayBefore(1, TimeSpan.FromHours(1)));
        Assert.InRange(retry.DelayBefore(30, null), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromDays(1), retry.GiveUpAfter);
    }
}
