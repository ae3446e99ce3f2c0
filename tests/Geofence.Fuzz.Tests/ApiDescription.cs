using System.Text.Json;

namespace Geofence.Fuzz.Tests;

/// <summary>A parameter as /openapi/v1.json describes it.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonElement? Schema);

/// <summary>One operation of /openapi/v1.json: what it takes (parameters, bodies by content type) and what it answers.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters,
    IReadOnlyList<(string MediaType, JsonElement? Schema)> Bodies, bool Keyed, IReadOnlySet<int> Statuses, IReadOnlyList<string> KeyKinds)
{
    public string Name => $"{Method.ToUpperInvariant()} {Path}";
}

/// <summary>Reads the operations out of the document and resolves its <c>$ref</c>s.</summary>
public sealed class ApiDescription(JsonElement document)
{
    public JsonElement Document => document;

    public IReadOnlyList<ApiOperation> Operations()
    {
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var common) ? common.EnumerateArray().ToArray() : [];
            foreach (var entry in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var operation = entry.Value;
                var parameters = shared.Concat(operation.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(Resolve)
                    .Select(p => new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean(),
                        p.TryGetProperty("schema", out var schema) ? Resolve(schema) : null))
                    .ToArray();
                var bodies = new List<(string, JsonElement?)>();
                if (operation.TryGetProperty("requestBody", out var body) && Resolve(body).TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                        bodies.Add((media.Name, media.Value.TryGetProperty("schema", out var schema) ? Resolve(schema) : null));
                }
                var statuses = operation.GetProperty("responses").EnumerateObject()
                    .Select(r => int.TryParse(r.Name, out var status) ? status : 0).Where(s => s > 0).ToHashSet();
                // The 403 says which kinds of key the operation takes ("... takes admin or hotel keys.").
                var kinds = operation.GetProperty("responses").TryGetProperty("403", out var forbidden)
                    && Resolve(forbidden).TryGetProperty("description", out var said) && said.GetString() is { } text && text.Contains(" takes ", StringComparison.Ordinal)
                    ? text[(text.LastIndexOf(" takes ", StringComparison.Ordinal) + 7)..].Replace(" keys.", "", StringComparison.Ordinal).Split(" or ")
                    : [];
                operations.Add(new ApiOperation(entry.Name, path.Name, parameters, bodies,
                    operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0, statuses, kinds));
            }
        }
        return operations;
    }

    /// <summary>Follows <c>$ref: #/components/...</c> to what it names.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        for (var hops = 0; hops < 32 && element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference); hops++)
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            element = target;
        }
        return element;
    }
}
