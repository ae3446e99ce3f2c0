using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geofence.Fuzz.Tests;

/// <summary>The caller a request claims to be: one of the system's real keys, or a key that is wrong in some way.</summary>
public sealed record Caller(string Kind, string? Key);

/// <summary>One request the fuzzer sends, and what it did to make it hostile (for the report and for replaying).</summary>
public sealed record HostileRequest(ApiOperation Operation, string Mutation, Caller Caller, HttpRequestMessage Message);

/// <summary>
/// Builds requests for an operation from its description: a valid-shaped one, then mutations of its body, content
/// type, parameters and key. Each request is made from its own seed, so any single one can be built again.
/// </summary>
public sealed class HostileRequests(ApiDescription description, IReadOnlyList<Caller> callers, IReadOnlyDictionary<string, string> knownIds)
{
    /// <summary>Identifiers the system handed out during the warm-up, by name (<c>campaignid</c>, <c>keyid</c>...), for path parameters.</summary>
    public Dictionary<string, List<string>> Harvested { get; } = [];

    private const string Raw = "@@RAW@@";
    private const string BadBytes = "@@BAD-UTF8@@";

    private static readonly string[] BodyMutations =
    [
        "valid", "valid", "valid", "wrong-type", "missing-field", "extra-field", "huge-number", "tiny-number", "nan-literal",
        "number-as-string", "deep-nesting", "long-string", "invalid-utf8", "control-and-bidi", "duplicate-key", "wrong-content-type",
        "no-content-type", "oversized", "truncated-json", "not-an-object", "empty-body", "null-field",
    ];

    private static readonly string[] ParameterMutations =
    [
        "valid", "valid", "garbage-path", "garbage-query", "huge-query-number", "negative-query-number", "repeated-query", "unknown-query",
        "long-query", "control-query", "no-parameters",
    ];

    private static readonly string[] GarbageSegments =
    [
        "%2e%2e%2f", "-1", "0", "99999999999999999999999", "NaN", "null", "' OR 1=1 --", "<script>", "%00", "\u202e\u0007x",
        "00000000-0000-0000-0000-000000000000", "zz-ZZ", "😀", "a%2Fb", new string('a', 3000),
    ];

    /// <summary>A request from its seed: <paramref name="valid"/> for a well-formed one with a key the operation takes.</summary>
    public HostileRequest Build(ApiOperation operation, int seed, bool heavyAllowed, bool valid = false)
    {
        var random = new Random(seed);
        var values = new SchemaValues(description, random, knownIds);
        var caller = PickCaller(operation, random);
        var parameterMutation = valid ? "valid" : ParameterMutations[random.Next(ParameterMutations.Length)];
        var bodyMutation = operation.Bodies.Count == 0 ? "none" : valid ? "valid" : BodyMutations[random.Next(BodyMutations.Length)];
        if (valid && operation.KeyKinds.Count > 0) caller = callers.FirstOrDefault(c => c.Kind.StartsWith(operation.KeyKinds[0], StringComparison.Ordinal)) ?? caller;
        if (!heavyAllowed && bodyMutation is "long-string" or "oversized" or "deep-nesting") bodyMutation = "valid";

        var uri = Uri(operation, parameterMutation, values, random);
        var message = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), uri);
        if (caller.Key is not null) message.Headers.TryAddWithoutValidation("X-Api-Key", caller.Key);
        if (operation.Bodies.Count > 0)
        {
            var (mediaType, schema) = operation.Bodies[random.Next(operation.Bodies.Count)];
            message.Content = Body(mediaType, schema, bodyMutation, values, random);
        }
        var mutation = operation.Bodies.Count == 0 ? parameterMutation : $"{parameterMutation}+{bodyMutation}";
        return new HostileRequest(operation, mutation, caller, message);
    }

    /// <summary>Mostly a real key (so requests reach the handlers), sometimes none, garbage or a key that was never issued.</summary>
    private Caller PickCaller(ApiOperation operation, Random random)
    {
        var allowed = callers.Where(c => operation.KeyKinds.Any(k => c.Kind.StartsWith(k, StringComparison.Ordinal))).ToArray();
        if (allowed.Length > 0 && random.Next(10) < 7) return allowed[random.Next(allowed.Length)];
        if (!operation.Keyed || random.Next(3) > 0) return callers[random.Next(callers.Count)];
        return random.Next(4) switch
        {
            0 => new Caller("none", null),
            1 => new Caller("unknown", $"gf_{Guid.NewGuid():N}"),
            2 => new Caller("garbage", "\u202e' OR 1=1 --\t" + new string('k', random.Next(1, 5000))),
            _ => new Caller("empty", ""),
        };
    }

    private string Uri(ApiOperation operation, string mutation, SchemaValues values, Random random)
    {
        var path = operation.Path;
        var destructive = operation.Method is "delete" || path.Contains("/key", StringComparison.Ordinal);
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            string value;
            var harvested = HarvestedFor(operation.Path, parameter.Name);
            if (mutation == "garbage-path" && random.Next(2) == 0) value = GarbageSegments[random.Next(GarbageSegments.Length)];
            else if (harvested.Count > 0 && random.Next(3) > 0) value = harvested[random.Next(harvested.Count)];
            else if (destructive && knownIds.ContainsKey(parameter.Name.ToLowerInvariant())) value = $"fuzz-{random.Next(100_000)}";
            else value = Scalar(values.Valid(parameter.Schema, parameter.Name));
            path = path.Replace($"{{{parameter.Name}}}", System.Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var query = new List<string>();
        if (mutation != "no-parameters")
        {
            foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
            {
                if (!parameter.Required && random.Next(3) == 0) continue;
                var value = mutation switch
                {
                    "garbage-query" => GarbageSegments[random.Next(GarbageSegments.Length)],
                    "huge-query-number" => "99999999999999999999999999",
                    "negative-query-number" => "-2147483649",
                    "long-query" => new string('q', 20_000),
                    "control-query" => "a\u0001\u0007\u202e\u2066b\r\nX-Injected: 1",
                    _ => Scalar(values.Valid(parameter.Schema, parameter.Name)),
                };
                query.Add($"{System.Uri.EscapeDataString(parameter.Name)}={System.Uri.EscapeDataString(value)}");
                if (mutation == "repeated-query") query.Add($"{System.Uri.EscapeDataString(parameter.Name)}=again");
            }
        }
        if (mutation == "unknown-query") query.Add("fuzz=%E2%80%AE&limit=-1&cursor=%FF%FE&__proto__=1");
        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    /// <summary>What the warm-up harvested for a path parameter: by its own name, or as the id of what the segment before names ("/audiences/{id}" → audienceid).</summary>
    private List<string> HarvestedFor(string path, string parameter)
    {
        var segments = path.Split('/');
        var at = Array.IndexOf(segments, $"{{{parameter}}}");
        var owner = at > 0 ? segments[at - 1].TrimEnd('s') + "id" : "";
        return Harvested.GetValueOrDefault(owner.Replace("-", "", StringComparison.Ordinal)) ?? Harvested.GetValueOrDefault(parameter.ToLowerInvariant()) ?? [];
    }

    /// <summary>Keeps the identifiers in an answer (properties named id, …Id or version, three levels deep).</summary>
    public void Harvest(string answer)
    {
        try
        {
            Walk(JsonDocument.Parse(answer).RootElement, 0);
        }
        catch (JsonException)
        {
        }

        void Walk(JsonElement element, int depth)
        {
            if (depth > 3) return;
            if (element.ValueKind == JsonValueKind.Array) foreach (var item in element.EnumerateArray().Take(20)) Walk(item, depth + 1);
            if (element.ValueKind != JsonValueKind.Object) return;
            foreach (var property in element.EnumerateObject())
            {
                var name = property.Name.ToLowerInvariant();
                if ((name is "id" or "version" || name.EndsWith("id", StringComparison.Ordinal)) && property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    var list = Harvested.TryGetValue(name, out var known) ? known : Harvested[name] = [];
                    var value = property.Value.ToString();
                    if (!list.Contains(value) && !knownIds.Values.Contains(value)) list.Add(value);
                }
                else Walk(property.Value, depth + 1);
            }
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private HttpContent Body(string mediaType, JsonElement? schema, string mutation, SchemaValues values, Random random)
    {
        if (mediaType.Contains("csv", StringComparison.OrdinalIgnoreCase)) return Csv(mediaType, mutation, random);
        if (mediaType.Contains("zip", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("octet", StringComparison.OrdinalIgnoreCase))
            return WithType(Garbage(random, mutation == "oversized" ? 3 * 1024 * 1024 : random.Next(0, 4096)), mediaType);

        var node = mediaType.Contains("geo", StringComparison.OrdinalIgnoreCase) && random.Next(2) == 0
            ? JsonNode.Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"99","name":"Fuzz"},"geometry":{"type":"Polygon","coordinates":[[[105.8,21.0],[105.9,21.0],[105.9,21.1],[105.8,21.0]]]}}]}""")
            : values.Valid(schema, "body");
        var target = node as JsonObject;
        var field = target is { Count: > 0 } ? target.ElementAt(random.Next(target.Count)).Key : "fuzz";
        var fieldSchema = PropertySchema(schema, field);
        string? duplicate = null;
        switch (mutation)
        {
            case "wrong-type" when target is not null: target[field] = values.WrongType(fieldSchema); break;
            case "missing-field" when target is not null: target.Remove(field); break;
            case "extra-field" when target is not null: target["unexpected" + random.Next(100)] = new JsonObject { ["deep"] = new JsonArray(1, 2) }; break;
            case "huge-number" when target is not null: target[field] = Raw; break;
            case "tiny-number" when target is not null: target[field] = Raw; break;
            case "nan-literal" when target is not null: target[field] = Raw; break;
            case "number-as-string" when target is not null: target[field] = random.Next(3) switch { 0 => "12", 1 => "NaN", _ => "-Infinity" }; break;
            case "deep-nesting" when target is not null: target[field] = Raw; break;
            case "long-string" when target is not null: target[field] = new string('ệ', 1024 * 1024 / 3); break;
            case "invalid-utf8" when target is not null: target[field] = BadBytes; break;
            case "control-and-bidi" when target is not null: target[field] = "a\u0000b\u0001\u0008\u001b[31m\u202eevil\u2066\u200f\uFEFF\r\n" + Scalar(target[field]); break;
            case "duplicate-key" when target is not null: duplicate = field; break;
            case "null-field" when target is not null: target[field] = null; break;
        }
        var text = mutation == "not-an-object" ? (random.Next(3) switch { 0 => "[]", 1 => "null", _ => "42" }) : node?.ToJsonString() ?? "null";
        text = mutation switch
        {
            "huge-number" => text.Replace($"\"{Raw}\"", random.Next(3) switch { 0 => "1e400", 1 => "123456789012345678901234567890", _ => "-1.7976931348623157e308" }, StringComparison.Ordinal),
            "tiny-number" => text.Replace($"\"{Raw}\"", random.Next(2) == 0 ? "5e-324" : "-0.0000000000000000000000001", StringComparison.Ordinal),
            "nan-literal" => text.Replace($"\"{Raw}\"", random.Next(3) switch { 0 => "NaN", 1 => "Infinity", _ => "-Infinity" }, StringComparison.Ordinal),
            "deep-nesting" => text.Replace($"\"{Raw}\"", new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal),
            "truncated-json" => text[..Math.Max(1, text.Length / 2)],
            "empty-body" => "",
            _ => text,
        };
        if (duplicate is not null) text = text.TrimEnd('}') + (text.Length > 2 ? "," : "") + $"\"{duplicate}\":\"twice\"}}";
        var bytes = Encoding.UTF8.GetBytes(text);
        if (mutation == "invalid-utf8") bytes = ReplaceMarker(bytes, Encoding.UTF8.GetBytes(BadBytes), [0xFF, 0xFE, 0xC0, 0xAF, 0xED, 0xA0, 0x80]);
        if (mutation == "oversized") bytes = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 3 * 1024 * 1024) + "\"}");
        var content = new ByteArrayContent(bytes);
        switch (mutation)
        {
            case "wrong-content-type": content.Headers.TryAddWithoutValidation("Content-Type", random.Next(3) switch { 0 => "text/plain", 1 => "application/xml", _ => "application/json; charset=latin-1" }); break;
            case "no-content-type": break;
            default: content.Headers.ContentType = new MediaTypeHeaderValue(mediaType); break;
        }
        return content;
    }

    /// <summary>CSV as uploads take it, or a CSV bomb: one huge line, a great many columns, a quote never closed.</summary>
    private static ByteArrayContent Csv(string mediaType, string mutation, Random random)
    {
        var text = mutation switch
        {
            "long-string" or "oversized" => "phone,language,name\n+84901234567,vi," + new string('n', 4 * 1024 * 1024) + "\n",
            "deep-nesting" => "phone,language,name\n" + string.Join(',', Enumerable.Repeat("c", 1_000_000)) + "\n",
            "truncated-json" => "phone,language,name\n\"+84901234567,vi,\"never closed\n" + new string('x', 100_000),
            "invalid-utf8" => "phone,language,name\n+84901234567,vi,\uFFFD\n",
            "control-and-bidi" => "phone,language,name\n+84901234567,vi,\u202eevil\u0000\u001b\n",
            "empty-body" => "",
            "duplicate-key" => "phone,phone,language\n+84901234567,+84901234568,vi\n",
            _ => "phone,language,name\n" + string.Join('\n', Enumerable.Range(0, random.Next(1, 20))
                .Select(i => $"+8490{random.Next(1_000_000, 9_999_999)},{(i % 2 == 0 ? "vi" : "en")},Guest {i}")) + "\n",
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (mutation == "invalid-utf8") bytes = [.. bytes, 0xFF, 0xC0, 0xAF, (byte)'\n'];
        return mutation switch
        {
            "wrong-content-type" => WithType(bytes, "application/json"),
            "no-content-type" => new ByteArrayContent(bytes),
            _ => WithType(bytes, mediaType),
        };
    }

    private static ByteArrayContent WithType(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length >= 4) "PK\u0003\u0004"u8.CopyTo(bytes);
        return bytes;
    }

    private JsonElement? PropertySchema(JsonElement? schema, string field)
    {
        if (schema is null) return null;
        var s = description.Resolve(schema.Value);
        return s.ValueKind == JsonValueKind.Object && s.TryGetProperty("properties", out var properties) && properties.TryGetProperty(field, out var p) ? p : null;
    }

    private static byte[] ReplaceMarker(byte[] bytes, byte[] marker, byte[] replacement)
    {
        var at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes[..at], .. replacement, .. bytes[(at + marker.Length)..]];
    }

    public static string Describe(HttpRequestMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.Method} {Truncate(message.RequestUri?.ToString() ?? "", 200)} ({message.Content?.Headers.ContentType?.ToString() ?? "no content type"})");

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
