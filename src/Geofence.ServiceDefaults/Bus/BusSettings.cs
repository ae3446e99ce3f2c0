namespace Geofence.ServiceDefaults.Bus;

public enum BusTransport { InMemory, RabbitMq }

/// <summary><c>Bus:*</c> configuration.</summary>
public sealed class BusSettings
{
    public BusTransport Transport { get; set; } = BusTransport.InMemory;
    public RabbitMqSettings RabbitMq { get; set; } = new();
}

public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
    public string VirtualHost { get; set; } = "/";
}
