namespace Geofence.Messaging.Bus;

public enum BusTransport { InMemory, RabbitMq }

/// <summary><c>Bus:*</c> configuration.</summary>
public sealed class BusSettings
{
    public BusTransport Transport { get; set; } = BusTransport.RabbitMq;
    public RabbitMqSettings RabbitMq { get; set; } = new();
    public RetrySettings Retry { get; set; } = new();
}

/// <summary>
/// How often a consumer that throws is tried again, with exponential backoff, before its message is moved to the
/// endpoint's <c>_error</c> queue (from which an operator can move it back).
/// </summary>
public sealed class RetrySettings
{
    public int Limit { get; set; } = 8;
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
    public string VirtualHost { get; set; } = "/";
}
