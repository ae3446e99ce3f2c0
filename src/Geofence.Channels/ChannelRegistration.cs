using Geofence.Channels.Esms;
using Geofence.Channels.Fcm;
using Geofence.Channels.NotificationHubs;
using Geofence.Channels.Sending;
using Geofence.Channels.Twilio;
using Geofence.Channels.Zalo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geofence.Channels;

/// <summary>
/// Registers a provider client as a singleton bound to <c>Channels:{Provider}</c>; a missing setting stops start-up with
/// a message naming its environment variable.
/// </summary>
public static class ChannelRegistration
{
    public static IServiceCollection AddFcmPush(this IServiceCollection services, IConfiguration configuration) =>
        services.AddProvider<FcmClient, FcmOptions>(configuration, FcmOptions.SectionName,
                (http, options, sp) => new FcmClient(http, options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<FcmClient>>()))
            .AddSingleton<IPushProvider>(sp => sp.GetRequiredService<FcmClient>());

    public static IServiceCollection AddNotificationHubsPush(this IServiceCollection services, IConfiguration configuration) =>
        services.AddProvider<NotificationHubClient, NotificationHubOptions>(configuration, NotificationHubOptions.SectionName,
                (http, options, sp) => new NotificationHubClient(http, options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<NotificationHubClient>>()))
            .AddSingleton<IPushProvider>(sp => sp.GetRequiredService<NotificationHubClient>());

    public static IServiceCollection AddTwilioSms(this IServiceCollection services, IConfiguration configuration) =>
        services.AddProvider<TwilioSmsClient, TwilioOptions>(configuration, TwilioOptions.SectionName,
                (http, options, sp) => new TwilioSmsClient(http, options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<TwilioSmsClient>>()))
            .AddSingleton<ISmsProvider>(sp => sp.GetRequiredService<TwilioSmsClient>());

    public static IServiceCollection AddEsmsSms(this IServiceCollection services, IConfiguration configuration) =>
        services.AddProvider<EsmsClient, EsmsOptions>(configuration, EsmsOptions.SectionName,
                (http, options, sp) => new EsmsClient(http, options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<EsmsClient>>()))
            .AddSingleton<ISmsProvider>(sp => sp.GetRequiredService<EsmsClient>());

    /// <summary>Uses an <see cref="IZaloTokenStore"/> registered before this call, or keeps the tokens in memory.</summary>
    public static IServiceCollection AddZaloZns(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IZaloTokenStore>(sp =>
            new InMemoryZaloTokenStore(sp.GetRequiredService<IOptions<ZaloOptions>>().Value.InitialTokens));
        return services.AddProvider<ZaloZnsClient, ZaloOptions>(configuration, ZaloOptions.SectionName,
            (http, options, sp) => new ZaloZnsClient(http, options, sp.GetRequiredService<IZaloTokenStore>(),
                sp.GetService<TimeProvider>(), sp.GetService<ILogger<ZaloZnsClient>>()));
    }

    private static IServiceCollection AddProvider<TClient, TOptions>(
        this IServiceCollection services,
        IConfiguration configuration,
        string section,
        Func<HttpClient, TOptions, IServiceProvider, TClient> create)
        where TClient : class
        where TOptions : ProviderOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ProviderOptionsValidation<TOptions>>());
        var name = typeof(TClient).FullName!;
        services.AddHttpClient(name, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<TOptions>>().Value.RequestTimeout)
            // The client is a singleton holding one HttpClient, so DNS changes are picked up by recycling pooled connections.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => create(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            sp));
        return services;
    }

    private sealed class ProviderOptionsValidation<TOptions> : IValidateOptions<TOptions> where TOptions : ProviderOptions
    {
        public ValidateOptionsResult Validate(string? name, TOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
