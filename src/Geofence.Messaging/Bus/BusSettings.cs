using System.ComponentModel.DataAnnotations;
using Geofence.ServiceDefaults.Settings;

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
public sealed class RetrySettings : ISelfCheckingSettings
{
    [Range(0, 100)] public int Limit { get; set; } = 8;
    [Positive] public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(100);
    [Positive] public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Problems(SettingNames names)
    {
        if (MaxInterval < MinInterval) yield return $"{names.Of(nameof(MinInterval))} must be at most {names.Of(nameof(MaxInterval))}";
    }
}

public sealed class RabbitMqSettings
{
    [Required] public string Host { get; set; } = "localhost";
    [Range(1, 65535)] public ushort Port { get; set; } = 5672;
    [Required] public string Username { get; set; } = "guest";
    [Required] public string Password { get; set; } = "guest";
    [Required] public string VirtualHost { get; set; } = "/";
}
