using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Geofence.ServiceDefaults.Problems;

/// <summary>
/// Reads a JSON request body with a size limit and turns every way it can be wrong into a problem that names the
/// field as the caller wrote it (413 when too large; 400 with the JSON path when malformed, when a property appears
/// twice, or when a value has the wrong type, said in plain words), instead of the framework's generic 400.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The options every service reads bodies with: a property given twice is refused, not "last one wins", and a number
    /// must be a JSON number (the Web defaults read <c>"12"</c> and <c>"NaN"</c> as numbers; no caller sends them).
    /// </summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext http, int maxBytes)
        where T : class
    {
        var body = await ReadLimitedAsync(http, maxBytes);
        if (body is null)
            return (null, Problem.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The body may be at most {maxBytes / 1024} KiB."));
        if (JsonFaults.FindInText(body) is { } fault) return (null, Problem.Invalid(fault.Field, fault.Message));
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Options);
            return value is null ? (null, Problem.Invalid("$", "the body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            // The serializer's own message names .NET types: say what the field expects instead.
            var (field, message) = JsonFaults.Explain(ex, typeof(T), Options);
            return (null, Problem.Invalid(field, message));
        }
    }

    /// <summary>The body's bytes, or null when it is longer than <paramref name="maxBytes"/> (stops reading there).</summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpContext http, int maxBytes)
    {
        if (http.Request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
