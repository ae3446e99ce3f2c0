using Geofence.Messaging.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Geofence.Messaging.Outbox;

public static class OutboxRegistration
{
    /// <summary>Adds the relay that publishes <typeparamref name="TContext"/>'s outbox.</summary>
    public static IHostApplicationBuilder AddOutboxRelay<TContext>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
    {
        builder.Services.TryAddSingleton(builder.Configuration.GetSection("Outbox").Get<OutboxSettings>() ?? new OutboxSettings());
        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        return builder;
    }
}
