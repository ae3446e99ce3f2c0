namespace Geofence.Channels;

/// <summary>
/// For callers whose retry policy works on exceptions (MassTransit's message retry): throw this for a
/// <see cref="ProviderResult.Retry"/> so that the policy can filter on it and read the provider's delay.
/// </summary>
public sealed class TransientProviderException(string provider, ProviderResult.Retry retry)
    : Exception($"{provider} is temporarily unavailable: {retry.Reason}")
{
    public string Provider { get; } = provider;
    public TimeSpan? RetryAfter { get; } = retry.RetryAfter;
}
