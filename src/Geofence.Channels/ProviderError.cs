namespace Geofence.Channels;

/// <summary>What the caller should do about a permanent refusal.</summary>
public enum ErrorAction
{
    /// <summary>The push token is dead or belongs to another sender: delete it, reach the person another way.</summary>
    DropToken,

    /// <summary>The person opted out or the number is blocked: suppress further messages to it.</summary>
    OptOut,

    /// <summary>The number or address is not valid for this provider.</summary>
    InvalidRecipient,

    /// <summary>The recipient has no account on this channel (Zalo): fall back to SMS.</summary>
    NoAccountOnChannel,

    /// <summary>Our credentials, sender, template or hub are wrong: alert an operator; every message will fail alike.</summary>
    Configuration,

    /// <summary>Any other permanent refusal of this one message.</summary>
    Rejected,
}

/// <summary>
/// A permanent refusal. <paramref name="Code"/> is the provider's own code (e.g. <c>UNREGISTERED</c>, <c>21211</c>,
/// <c>-118</c>, <c>http-401</c>); <paramref name="Detail"/> is the provider's text with numbers and tokens scrubbed.
/// </summary>
public sealed record ProviderError(ErrorAction Action, string Code, string Detail)
{
    public override string ToString() => $"{Action} ({Code}): {Detail}";
}
