namespace Geofence.Channels;

/// <summary>
/// A provider's answer to one send. Clients return one of the three cases for every provider answer and never throw
/// for them; only cancellation by the caller and programming errors surface as exceptions.
/// </summary>
public abstract record ProviderResult
{
    private ProviderResult() { }

    /// <summary>The provider took the message. <paramref name="Segments"/> is the SMS part count where the provider reports it.</summary>
    public sealed record Accepted(string ProviderMessageId, int? Segments = null) : ProviderResult;

    /// <summary>The provider refused the message for good: sending it again cannot succeed.</summary>
    public sealed record Rejected(ProviderError Error) : ProviderResult;

    /// <summary>A transient failure: the same message may succeed later, not before <paramref name="RetryAfter"/> when given.</summary>
    public sealed record Retry(TimeSpan? RetryAfter, string Reason) : ProviderResult;
}
