using Geofence.Channels.NotificationHubs;

namespace Geofence.Channels.Tests.NotificationHubs;

public sealed class NotificationHubConnectionStringTests
{
    [Fact]
    public void A_portal_connection_string_yields_the_namespace_key_name_and_a_key_ending_in_padding()
    {
        Assert.True(NotificationHubConnectionString.TryParse(
            "Endpoint=sb://geofence-prod.servicebus.windows.net/;SharedAccessKeyName=DefaultFullSharedAccessSignature;SharedAccessKey=abc+/def==",
            out var connection, out _));

        Assert.Equal("geofence-prod.servicebus.windows.net", connection!.Endpoint.Host);
        Assert.Equal("DefaultFullSharedAccessSignature", connection.KeyName);
        Assert.Equal("abc+/def==", connection.Key);
        Assert.Equal("https://geofence-prod.servicebus.windows.net", connection.DefaultBaseUrl);
        Assert.DoesNotContain("abc+/def==", connection.ToString());
    }

    [Fact]
    public void A_connection_string_without_a_key_names_what_it_lacks()
    {
        Assert.False(NotificationHubConnectionString.TryParse("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=x", out _, out var problem));

        Assert.Contains("SharedAccessKey", problem);
    }

    [Fact]
    public void The_base_url_defaults_to_the_namespace_of_the_connection_string()
    {
        var options = new NotificationHubOptions
        {
            ConnectionString = "Endpoint=sb://geofence-prod.servicebus.windows.net/;SharedAccessKeyName=n;SharedAccessKey=k",
            HubName = "arrivals",
        };

        Assert.Empty(options.Validate());
        Assert.Equal("https://geofence-prod.servicebus.windows.net", options.EffectiveBaseUrl);
    }
}
