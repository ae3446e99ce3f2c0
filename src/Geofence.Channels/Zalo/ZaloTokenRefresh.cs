using Geofence.Channels.Sending;
using Microsoft.Extensions.Logging;

namespace Geofence.Channels.Zalo;

/// <summary>
/// Swaps the refresh token for a new pair, one caller at a time: the refresh token is single-use, so a second
/// concurrent refresh would fail and could leave the store with a dead token.
/// </summary>
internal sealed class ZaloTokenRefresh(HttpClient http, ZaloOptions options, IZaloTokenStore store, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Uri refreshUri = new($"{options.OAuthBaseUrl.TrimEnd('/')}/v4/oa/access_token");

    /// <summary>A pair newer than <paramref name="staleAccessToken"/>, or why there is none.</summary>
    public async Task<(ZaloTokens? Tokens, ProviderResult? Failure)> RefreshAsync(string staleAccessToken, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await store.GetAsync(cancellationToken);
            if (current.AccessToken != staleAccessToken) return (current, null);

            // Not cancellable once begun: Zalo may spend the refresh token even if we stop listening, and then only the
            // reply holds the pair that still works.
            var (fresh, failure) = await RequestAsync(current.RefreshToken);
            if (fresh is not null)
            {
                await store.SaveAsync(fresh, CancellationToken.None);
                logger.LogInformation("Zalo access token refreshed");
                return (fresh, null);
            }

            // Another process sharing the store may have spent the refresh token first.
            var latest = await store.GetAsync(CancellationToken.None);
            return latest.AccessToken != staleAccessToken ? (latest, null) : (null, failure);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(ZaloTokens?, ProviderResult?)> RequestAsync(string refreshToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, refreshUri)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["refresh_token"] = refreshToken,
                ["app_id"] = options.AppId,
                ["grant_type"] = "refresh_token",
            }),
        };
        request.Headers.Add("secret_key", options.SecretKey);
        ZaloTokens? fresh = null;
        var result = await ProviderExchange.SendAsync(http, request, async (response, ct) =>
        {
            if (!response.IsSuccessStatusCode)
                return ProviderExchange.IsTransient(response.StatusCode)
                    ? ProviderExchange.Transient(response, time, $"token refresh http-{(int)response.StatusCode}")
                    : Misconfigured($"oauth-http-{(int)response.StatusCode}", "");
            var json = await ProviderExchange.ReadJsonAsync(response, ct);
            var access = json.Text("access_token");
            var refresh = json.Text("refresh_token");
            if (!string.IsNullOrEmpty(access) && !string.IsNullOrEmpty(refresh))
            {
                fresh = new ZaloTokens(access, refresh);
                return Refreshed;
            }
            if (json is null) return ProviderExchange.Unreadable;
            // The refresh token is spent or expired: someone must authorise the Official Account again.
            return Misconfigured($"oauth-{json.Text("error") ?? "error"}", ProviderText.Scrub(json.Text("error_description") ?? json.Text("message")));
        }, CancellationToken.None);
        return fresh is not null ? (fresh, null) : (null, result);
    }

    // Stands for success inside the exchange; the new pair itself travels in `fresh`.
    private static readonly ProviderResult Refreshed = new ProviderResult.Accepted("refreshed");

    private static ProviderResult.Rejected Misconfigured(string code, string detail) =>
        new(new ProviderError(ErrorAction.Configuration, code, detail));

    public void Dispose() => gate.Dispose();
}
