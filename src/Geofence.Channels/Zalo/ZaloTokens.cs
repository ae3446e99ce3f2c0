namespace Geofence.Channels.Zalo;

/// <summary>The Official Account's access token and the single-use refresh token that replaces it; always stored together.</summary>
public sealed record ZaloTokens(string AccessToken, string RefreshToken)
{
    public override string ToString() => "ZaloTokens { *** }";
}

/// <summary>
/// Where the current token pair lives. Zalo's refresh token works once, so <see cref="SaveAsync"/> must replace both
/// tokens in one step: a crash between writing one and the other would leave the account unusable.
/// </summary>
public interface IZaloTokenStore
{
    ValueTask<ZaloTokens> GetAsync(CancellationToken cancellationToken);

    ValueTask SaveAsync(ZaloTokens tokens, CancellationToken cancellationToken);
}

/// <summary>Keeps the pair in memory: right for one process whose tokens may be lost on restart (tests, a single node).</summary>
public sealed class InMemoryZaloTokenStore(ZaloTokens initial) : IZaloTokenStore
{
    private ZaloTokens current = initial ?? throw new ArgumentNullException(nameof(initial));

    public ValueTask<ZaloTokens> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref current));

    public ValueTask SaveAsync(ZaloTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Volatile.Write(ref current, tokens);
        return ValueTask.CompletedTask;
    }
}
