using Geofence.Channels.NotificationHubs;

namespace Geofence.Channels.Tests.NotificationHubs;

public sealed class SharedAccessSignatureTests
{
    [Fact]
    public void The_resource_is_the_lower_cased_http_uri_without_port_or_query_ending_in_a_slash()
    {
        var resource = SharedAccessSignature.ResourceUri(new Uri("https://GeoNS.servicebus.windows.net:443/Arrivals/messages?api-version=2015-01&direct"));

        Assert.Equal("http://geons.servicebus.windows.net/arrivals/messages/", resource);
    }

    [Fact]
    public void The_token_matches_a_vector_computed_independently_with_lower_case_escapes()
    {
        // Computed outside .NET: sr = quote_plus(lower(uri)) with lower-case hex; sig = b64(HMAC-SHA256(utf8(key), sr + "\n" + se)).
        var token = SharedAccessSignature.Create(
            new Uri("https://geofence-test.servicebus.windows.net/arrivals/messages/?api-version=2015-01&direct"),
            "DefaultFullSharedAccessSignature",
            "c2VjcmV0LWtleS1mb3ItdGVzdHM=",
            DateTimeOffset.FromUnixTimeSeconds(1_767_225_600));

        Assert.Equal(
            "SharedAccessSignature sr=http%3a%2f%2fgeofence-test.servicebus.windows.net%2farrivals%2fmessages%2f" +
            "&sig=ji8e9ss6fHfUrtoeDZafVvPmOj00nXoetxxqMlAbxZ0%3d&se=1767225600&skn=DefaultFullSharedAccessSignature",
            token);
    }
}
