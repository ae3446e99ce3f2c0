using Geofence.Channels.Esms;
using Geofence.Channels.Fcm;
using Geofence.Channels.NotificationHubs;
using Geofence.Channels.Sending;
using Geofence.Channels.Twilio;
using Geofence.Channels.Zalo;
using Microsoft.Extensions.Options;

namespace Geofence.Channels.Tests.Sending;

public sealed class ProviderOptionsTests
{
    public static TheoryData<ProviderOptions, string[]> EmptyOptions => new()
    {
        { new FcmOptions(), ["Channels__Fcm__ProjectId", "Channels__Fcm__ServiceAccountFile"] },
        { new NotificationHubOptions(), ["Channels__NotificationHubs__ConnectionString", "Channels__NotificationHubs__HubName"] },
        { new TwilioOptions(), ["Channels__Twilio__AccountSid", "Channels__Twilio__AuthToken", "Channels__Twilio__From or Channels__Twilio__MessagingServiceSid"] },
        { new EsmsOptions(), ["Channels__Esms__ApiKey", "Channels__Esms__SecretKey", "Channels__Esms__Brandname"] },
        {
            new ZaloOptions(),
            ["Channels__Zalo__AccessToken", "Channels__Zalo__RefreshToken", "Channels__Zalo__AppId", "Channels__Zalo__SecretKey", "Channels__Zalo__TemplateId"]
        },
    };

    [Theory]
    [MemberData(nameof(EmptyOptions))]
    public void Empty_settings_list_every_missing_setting_by_its_environment_variable(ProviderOptions options, string[] variables)
    {
        var problems = options.Validate();

        Assert.Equal(variables.Length, problems.Count);
        foreach (var variable in variables) Assert.Contains(problems, p => p.StartsWith(variable + " is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_built_from_incomplete_settings_fails_with_one_message_naming_them_all()
    {
        using var http = new HttpClient();

        var failure = Assert.Throws<OptionsValidationException>(() => new TwilioSmsClient(http, new TwilioOptions { AccountSid = "AC1" }));

        Assert.Contains("Channels__Twilio__AuthToken is missing", failure.Message);
        Assert.Contains("Channels__Twilio__From or Channels__Twilio__MessagingServiceSid is missing", failure.Message);
    }

    [Fact]
    public void A_service_account_file_that_does_not_exist_is_reported()
    {
        var options = new FcmOptions { ProjectId = "p", ServiceAccountFile = "/nonexistent/key.json" };

        Assert.Equal(["Channels__Fcm__ServiceAccountFile names a file that does not exist"], options.Validate());
    }

    [Fact]
    public void A_malformed_connection_string_and_base_url_are_reported()
    {
        var options = new NotificationHubOptions { ConnectionString = "Endpoint=https://x/;SharedAccessKeyName=n;SharedAccessKey=k", HubName = "h", BaseUrl = "not a url" };

        Assert.Equal(
            ["Channels__NotificationHubs__ConnectionString has an Endpoint that is not an sb:// URL", "Channels__NotificationHubs__BaseUrl must be an absolute http or https URL"],
            options.Validate());
    }

    [Fact]
    public void A_brandname_longer_than_eleven_characters_is_reported()
    {
        var options = new EsmsOptions { ApiKey = "a", SecretKey = "s", Brandname = "GEOFENCE-VIETNAM" };

        Assert.Equal(["Channels__Esms__Brandname must be at most 11 characters"], options.Validate());
    }

    [Fact]
    public void A_rate_below_one_per_second_is_reported()
    {
        var options = new TwilioOptions { AccountSid = "AC1", AuthToken = "t", From = "GEOFENCE", MaxPerSecond = 0 };

        Assert.Equal(["Channels__Twilio__MaxPerSecond must be at least 1"], options.Validate());
    }

    [Fact]
    public void A_background_share_outside_zero_to_one_is_reported()
    {
        var options = new TwilioOptions { AccountSid = "AC1", AuthToken = "t", From = "GEOFENCE", BackgroundShare = 1.5 };

        Assert.Equal(["Channels__Twilio__BackgroundShare must be greater than 0 and at most 1"], options.Validate());
    }
}
