using System.Net;
using System.Text.Json;

namespace Geofence.Channels.Sending;

/// <summary>One HTTP exchange with a provider, with the failures that are not the provider's answer turned into results.</summary>
internal static class ProviderExchange
{
    /// <summary>
    /// Sends the request and lets <paramref name="interpret"/> read the answer. Network errors, the HttpClient's timeout and
    /// an unreadable reply become <see cref="ProviderResult.Retry"/>; the caller's own cancellation propagates.
    /// </summary>
    public static async Task<ProviderResult> SendAsync(
        HttpClient http,
        HttpRequestMessage request,
        Func<HttpResponseMessage, CancellationToken, Task<ProviderResult>> interpret,
        CancellationToken cancellationToken)
    {
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                // A provider's answer is read into memory only up to a bound: a broken or hostile endpoint that streams
                // megabytes gets a failed result, not the process's memory.
                if (response.Content.Headers.ContentLength > MaxReplyBytes) return TooLarge;
                try
                {
                    await response.Content.LoadIntoBufferAsync(MaxReplyBytes, cancellationToken);
                }
                catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
                {
                    return TooLarge;
                }
                return await interpret(response, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProviderResult.Retry(null, "timeout");
        }
        catch (HttpRequestException e)
        {
            return new ProviderResult.Retry(null, $"network error ({e.HttpRequestError})");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // Not JSON, or JSON of another shape than the contract's (an array, a number where text was promised).
            return Unreadable;
        }
    }

    /// <summary>The most of a provider's answer that is read; every contract's answer is a few hundred bytes.</summary>
    public const int MaxReplyBytes = 64 * 1024;

    /// <summary>An answer over <see cref="MaxReplyBytes"/> (or cut off while read): like an unreadable one, the send may or may not have happened.</summary>
    public static ProviderResult.Retry TooLarge { get; } = new(null, $"reply over {MaxReplyBytes / 1024} KB or cut off");

    /// <summary>408, 429 and every 5xx: the provider may well take the same message later.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The Retry-After header as a delay, whether given in seconds or as an HTTP date; never negative.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d && d < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>A success status whose body lacks what the contract promises: the send may or may not have happened.</summary>
    public static ProviderResult.Retry Unreadable { get; } = new(null, "unreadable reply");

    public static ProviderResult.Retry Transient(HttpResponseMessage response, TimeProvider time, string reason) =>
        new(RetryAfter(response, time), reason);

    /// <summary>
    /// A non-success status from a provider whose errors come in a 200 body (eSMS, Zalo): transient ones are retried,
    /// the rest refused, both coded <c>http-{status}</c>.
    /// </summary>
    public static ProviderResult HttpFailure(HttpResponseMessage response, TimeProvider time)
    {
        var code = $"http-{(int)response.StatusCode}";
        return IsTransient(response.StatusCode)
            ? Transient(response, time, code)
            : new ProviderResult.Rejected(new ProviderError(ErrorAction.Rejected, code, ""));
    }

    public static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // Gateways in front of a provider answer errors in HTML; the status code still says enough.
            return null;
        }
    }
}
