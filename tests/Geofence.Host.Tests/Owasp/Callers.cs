using System.Net.Http.Json;

namespace Geofence.Host.Tests.Owasp;

/// <summary>Requests as a given key would send them, for the OWASP classes.</summary>
internal static class Callers
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (body is not null) request.Content = body as HttpContent ?? JsonContent.Create(body);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Fills a route pattern's parameters (<c>{propertyId}</c>, <c>{keyId:guid}</c>...) with the given values, or with a
    /// value of the parameter's type that names nothing.
    /// </summary>
    public static string Fill(string pattern, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(?<name>[^}:]+)(?::(?<type>[^}]+))?\}", m =>
            values.TryGetValue(m.Groups["name"].Value, out var value) ? value
            : m.Groups["type"].Value switch
            {
                "guid" => Guid.NewGuid().ToString(),
                "int" => "1",
                _ => m.Groups["name"].Value switch { "channel" => "sms", "language" => "en", _ => $"unknown-{Guid.NewGuid():N}"[..16] },
            });

    /// <summary>Waits until Ingest accepts a key it learns of by a message.</summary>
    public static Task KnownAsync(HttpClient client, string key) =>
        Geofence.Testing.GeofenceApi.EventuallyAsync(async () =>
        {
            using var response = await SendAsync(client, HttpMethod.Get, "/api/v1/me", key);
            return response.StatusCode;
        }, status => status == System.Net.HttpStatusCode.OK, "the new key to be accepted");

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
