using Geofence.Channels;
using Geofence.Channels.Esms;
using Geofence.Channels.Fcm;
using Geofence.Channels.NotificationHubs;
using Geofence.Channels.Sending;
using Geofence.Channels.Twilio;
using Geofence.Channels.Zalo;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Sandbox;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Providers;

public enum PushProvider { Sandbox, Fcm, NotificationHubs }

public enum SmsProvider { Sandbox, Twilio, Esms }

/// <summary>
/// <c>Channels:Push:Provider</c>, <c>Channels:Sms:Provider</c> and <c>Channels:Zalo:Enabled</c>: which providers the
/// Dispatcher registers, so read while it is being set up. A chosen provider's own section is validated at start-up,
/// so an incomplete one stops the service with every missing setting named.
/// </summary>
public sealed record ProviderSelection(PushProvider Push, SmsProvider Sms, bool ZaloEnabled)
{
    public static ProviderSelection From(IConfiguration configuration) => new(
        Parse<PushProvider>(configuration, "Channels:Push:Provider"),
        Parse<SmsProvider>(configuration, "Channels:Sms:Provider"),
        configuration.GetValue("Channels:Zalo:Enabled", false));

    /// <param name="campaignShare">
    /// The share of each provider's rate campaign sends may take (<c>Campaigns:MaxShareOfProviderRate</c>), set on every
    /// client's options.
    /// </param>
    public void Register(IServiceCollection services, IConfiguration configuration, double campaignShare = 1)
    {
        services.AddSingleton(this);
        switch (Push)
        {
            case PushProvider.Fcm:
                services.AddFcmPush(configuration);
                ShareWithCampaigns<FcmOptions>(services, campaignShare);
                break;
            case PushProvider.NotificationHubs:
                services.AddNotificationHubsPush(configuration);
                ShareWithCampaigns<NotificationHubOptions>(services, campaignShare);
                break;
        }
        services.AddScoped<IChannelSender>(sp => Push == PushProvider.Sandbox
            ? ActivatorUtilities.CreateInstance<SandboxSender>(sp, ChannelNames.Push)
            : new PushSender(sp.GetRequiredService<IPushProvider>()));

        switch (Sms)
        {
            case SmsProvider.Twilio:
                services.AddTwilioSms(configuration);
                // The issue and the README call the public receipt URL StatusCallbackUrl; the client's own name is StatusCallback.
                services.PostConfigure<TwilioOptions>(o =>
                {
                    if (string.IsNullOrWhiteSpace(o.StatusCallback)) o.StatusCallback = configuration["Channels:Twilio:StatusCallbackUrl"];
                });
                ShareWithCampaigns<TwilioOptions>(services, campaignShare);
                break;
            case SmsProvider.Esms:
                services.AddEsmsSms(configuration);
                ShareWithCampaigns<EsmsOptions>(services, campaignShare);
                break;
        }
        services.AddScoped<IChannelSender>(sp => Sms == SmsProvider.Sandbox
            ? ActivatorUtilities.CreateInstance<SandboxSender>(sp, ChannelNames.Sms)
            : new SmsSender(sp.GetRequiredService<ISmsProvider>()));

        if (ZaloEnabled)
        {
            services.AddSingleton<IZaloTokenStore, DatabaseZaloTokenStore>();
            services.AddZaloZns(configuration);
            ShareWithCampaigns<ZaloOptions>(services, campaignShare);
            services.AddScoped<IChannelSender>(sp => new ZaloSender(sp.GetRequiredService<ZaloZnsClient>()));
        }
    }

    private static void ShareWithCampaigns<TOptions>(IServiceCollection services, double share) where TOptions : ProviderOptions =>
        services.PostConfigure<TOptions>(o => o.BackgroundShare = share);

    private static T Parse<T>(IConfiguration configuration, string key) where T : struct, Enum
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return default;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) return parsed;
        throw new InvalidOperationException(
            $"{key.Replace(":", "__", StringComparison.Ordinal)} is '{value}'; use one of {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
