using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Geofence.Privacy;

public static class PrivacyRegistration
{
    /// <summary>Person keys and the field cipher, both from <c>Privacy:PhoneHashKey</c>; several services in one process share them.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(PersonKeys.FromConfiguration(builder.Configuration, builder.Environment));
        builder.Services.TryAddSingleton(FieldCipher.FromConfiguration(builder.Configuration, builder.Environment));
        return builder;
    }
}
