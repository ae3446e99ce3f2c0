using System.Globalization;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.ServiceDefaults.ApiKeys;

public static class ApiKeyEndpoints
{
    /// <summary>
    /// Requires an <c>X-Api-Key</c> of one of the given kinds: 401 when it is missing or unknown, 403 when it is
    /// valid but of another kind, 429 with Retry-After when the key is over its rate or its source address has failed
    /// to authenticate too often (<see cref="ApiKeyLimiter"/>). The caller is then available through <see cref="GetApiCaller"/>.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, params ApiCallerKind[] allowed)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<ApiKeyLimiter>();
            var source = http.Connection.RemoteIpAddress;
            // A source that keeps presenting wrong keys is refused before its key is even looked at, so guessing is slow.
            if (limiter.IsBlocked(source, out var wait))
                return TooManyRequests(http, wait, "Too many failed authentications from this address; try again later.");
            var (caller, keyHash) = await IdentifyAsync(http);
            if (caller is null)
            {
                limiter.RecordFailure(source);
                http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKey.Header}\"";
                return Problem.Status(StatusCodes.Status401Unauthorized, "API key required",
                    $"Send a valid key in the {ApiKey.Header} header.");
            }
            if (!limiter.TryTake(keyHash!, out wait))
                return TooManyRequests(http, wait, "This API key has made too many requests; slow down.");
            if (!allowed.Contains(caller.Kind))
                return Problem.Status(StatusCodes.Status403Forbidden, "Not allowed",
                    $"A {caller.Kind.ToString().ToLowerInvariant()} key cannot call this endpoint.");
            http.Features.Set(caller);
            return await next(context);
        });
        builder.WithMetadata(new ApiKeyRequirement(allowed));
        return builder;
    }

    public static ApiCaller GetApiCaller(this HttpContext context) =>
        context.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("Endpoint does not require an API key.");

    private static ProblemHttpResult TooManyRequests(HttpContext http, TimeSpan wait, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem.Status(StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }

    private static async ValueTask<(ApiCaller? Caller, string? KeyHash)> IdentifyAsync(HttpContext http)
    {
        var presented = http.Request.Headers[ApiKey.Header].ToString();
        if (string.IsNullOrWhiteSpace(presented) || presented.Length > 200) return (null, null);
        var hash = ApiKey.Hash(presented);
        var services = http.RequestServices;
        if (services.GetRequiredService<AdminKey>().Matches(hash)) return (new ApiCaller(ApiCallerKind.Admin, null), hash);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var usage = services.GetRequiredService<ApiKeyUsage>();
        if (services.GetRequiredService<IssuedAdminKeys>().Matches(hash, now))
        {
            usage.Record(hash, now);
            return (new ApiCaller(ApiCallerKind.Admin, null), hash);
        }
        foreach (var directory in services.GetServices<IApiKeyDirectory>())
        {
            if (await directory.FindByHashAsync(hash, http.RequestAborted) is not { } caller) continue;
            usage.Record(hash, now);
            return (caller, hash);
        }
        return (null, null);
    }
}

/// <summary>Endpoint metadata saying which key kinds an endpoint takes (read by the OpenAPI document).</summary>
public sealed record ApiKeyRequirement(IReadOnlyList<ApiCallerKind> Allowed);
