using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>The end-to-end scenarios with each service in its own process on RabbitMQ and PostgreSQL.</summary>
public sealed class DistributedArrivalTests : ArrivalScenarios
{
    protected override async Task<IGeofenceSystem> StartAsync() => await DistributedGeofence.StartAsync();
}

/// <summary>Arrivals from location feeds with the Detector in its own process on RabbitMQ and PostgreSQL.</summary>
public sealed class DistributedGeofenceArrivalTests : GeofenceArrivalScenarios
{
    protected override async Task<IGeofenceSystem> StartAsync() => await DistributedGeofence.StartAsync();
}
