using Geofence.Channels;
using Geofence.Channels.Sending;
using Geofence.Channels.Twilio;
using Geofence.Channels.Zalo;
using Geofence.Contracts;
using ChannelNames = Geofence.Contracts.Channels;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Sandbox;
using Geofence.Messaging.Bus;

namespace Geofence.Dispatcher.Providers;

public enum PushProvider { Sandbox, Fcm, NotificationHubs }

public enum SmsProvider { Sandbox, Twilio, Esms }

/// <summary>
/// <c>Channels:Push:Provider</c>, <c>Channels:Sms:Provider</c>, <c>Channels:Zalo:Enabled</c> and <c>Channels:Retry:*</c>.
/// A chosen provider's own section is validated at start-up, so an incomplete one stops the service with every
/// missing setting named.
/// </summary>
public sealed record ProviderSelection(PushProvider Push, SmsProvider Sms, bool ZaloEnabled, RetrySettings Retry)
{
    /// <summary>The waits between the Dispatcher's retries of a transient provider failure.</summary>
    public RetryBackoff Backoff { get; } = new(Retry.MinInterval, Retry.MaxInterval);

    /// <summary>
    /// <c>Channels:Retry:GiveUpAfter</c>: a message whose provider has kept failing this long after the Notifier created
    /// it is recorded as failed; until then each spent round of retries is followed by another.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromDays(1);

    public static ProviderSelection From(IConfiguration configuration)
    {
        // 15 retries from 1 s to 1 min with equal jitter span 5 to 10 minutes: a provider outage that long delays
        // messages without sending any to the error queue.
        var retry = new RetrySettings { Limit = 15, MinInterval = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromMinutes(1) };
        configuration.GetSection("Channels:Retry").Bind(retry);
        if (retry.Limit is < 0 or > 100)
            throw new InvalidOperationException("Channels__Retry__Limit must be between 0 and 100.");
        if (retry.MinInterval <= TimeSpan.Zero || retry.MaxInterval < retry.MinInterval)
            throw new InvalidOperationException("Channels__Retry__MinInterval must be positive and at most Channels__Retry__MaxInterval.");
        var giveUpAfter = configuration.GetValue("Channels:Retry:GiveUpAfter", TimeSpan.FromDays(1));
        if (giveUpAfter <= TimeSpan.Zero) throw new InvalidOperationException("Channels__Retry__GiveUpAfter must be a positive time span.");
        return new ProviderSelection(
            Parse<PushProvider>(configuration, "Channels:Push:Provider"),
            Parse<SmsProvider>(configuration, "Channels:Sms:Provider"),
            configuration.GetValue("Channels:Zalo:Enabled", false),
            retry) { GiveUpAfter = giveUpAfter };
    }

    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(this);
        switch (Push)
        {
            case PushProvider.Fcm: services.AddFcmPush(configuration); break;
            case PushProvider.NotificationHubs: services.AddNotificationHubsPush(configuration); break;
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
                break;
            case SmsProvider.Esms: services.AddEsmsSms(configuration); break;
        }
        services.AddScoped<IChannelSender>(sp => Sms == SmsProvider.Sandbox
            ? ActivatorUtilities.CreateInstance<SandboxSender>(sp, ChannelNames.Sms)
            : new SmsSender(sp.GetRequiredService<ISmsProvider>()));

        if (ZaloEnabled)
        {
            services.AddSingleton<IZaloTokenStore, DatabaseZaloTokenStore>();
            services.AddZaloZns(configuration);
            services.AddScoped<IChannelSender>(sp => new ZaloSender(sp.GetRequiredService<ZaloZnsClient>()));
        }
    }

    private static T Parse<T>(IConfiguration configuration, string key) where T : struct, Enum
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return default;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) return parsed;
        throw new InvalidOperationException(
            $"{key.Replace(":", "__", StringComparison.Ordinal)} is '{value}'; use one of {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
