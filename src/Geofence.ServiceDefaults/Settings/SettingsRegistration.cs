using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Geofence.ServiceDefaults.Settings;

/// <summary>
/// The one way a settings class is read: bound from its configuration section, checked when the process starts (a
/// bad value stops it with a message naming the environment variable, <c>Detector__Shards must be between 1 and
/// 64</c>), and injected as itself.
/// </summary>
public static class SettingsRegistration
{
    public static IHostApplicationBuilder AddSettings<T>(this IHostApplicationBuilder builder, string section) where T : class
    {
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new SettingsValidation<T>(section)));
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return builder;
    }

    /// <summary>
    /// <see cref="AddSettings{T}"/> for the few settings that decide what gets registered (the transport, a provider),
    /// which are therefore read and checked now, while the services are being added.
    /// </summary>
    public static T AddSettingsNow<T>(this IHostApplicationBuilder builder, string section) where T : class, new()
    {
        var settings = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        SettingsValidation<T>.ThrowIfInvalid(section, settings);
        builder.Services.TryAddSingleton(settings);
        return settings;
    }
}
