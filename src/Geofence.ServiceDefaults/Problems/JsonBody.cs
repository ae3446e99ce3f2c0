using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Geofence.ServiceDefaults.Problems;

/// <summary>
/// Reads a JSON request body with a size limit and turns every way it can be wrong into a problem that names the
/// field (413 when too large, 400 with the JSON path when malformed), instead of the framework's generic 400.
/// </summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext http, int maxBytes)
        where T : class
    {
        var body = await ReadLimitedAsync(http, maxBytes);
        if (body is null)
            return (null, Problem.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The body may be at most {maxBytes / 1024} KiB."));
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Options);
            return value is null ? (null, Problem.Invalid("$", "the body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem.Invalid(FieldName(ex.Path), $"is not valid JSON here: {ex.Message.Split(" Path:")[0]}"));
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContext http, int maxBytes)
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

    /// <summary>"$.guest.phone" → "guest.phone", the name the caller used.</summary>
    private static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
