using Geofence.Messaging.Bus;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Geofence.Messaging.Tests;

/// <summary>MassTransit 8.5 reports its usage to its vendor 5 minutes after start; no Geofence process lets it.</summary>
public sealed class UsageTelemetryTests
{
    [Fact]
    public void The_shared_bus_setup_turns_MassTransit_usage_telemetry_off_even_when_the_environment_asks_for_it()
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "true");
        var builder = Host.CreateApplicationBuilder();

        builder.AddGeofenceBus(BusTransport.InMemory);
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        Assert.Equal("false", Environment.GetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY")); // what MassTransit reads last
    }
}
