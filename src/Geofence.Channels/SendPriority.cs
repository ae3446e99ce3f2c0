namespace Geofence.Channels;

/// <summary>Which sends a provider's rate limit serves first (see <see cref="Sending.SendRateLimiter"/>).</summary>
public enum SendPriority
{
    /// <summary>Someone is waiting for it now (an arrival, a reminder): the next permit is theirs.</summary>
    Immediate,
    /// <summary>A campaign's message: sent with what immediate sends leave, within the campaign share of the rate.</summary>
    Background,
}
