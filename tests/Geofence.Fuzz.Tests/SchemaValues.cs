using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geofence.Fuzz.Tests;

/// <summary>
/// Values that fit a schema of the document (with names the domain knows, so that some requests get past validation
/// and reach the database), and values that do not.
/// </summary>
public sealed class SchemaValues(ApiDescription description, Random random, IReadOnlyDictionary<string, string> knownIds)
{
    private static readonly string[] Languages = ["vi", "en", "zh", "ko", "ja"];

    public JsonNode? Valid(JsonElement? schema, string name = "", int depth = 0)
    {
        if (schema is null || depth > 6) return JsonValue.Create("x");
        var s = description.Resolve(schema.Value);
        if (s.ValueKind != JsonValueKind.Object) return JsonValue.Create("x");
        foreach (var choice in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (s.TryGetProperty(choice, out var options) && options.GetArrayLength() > 0)
                return Valid(options[random.Next(options.GetArrayLength())], name, depth + 1);
        }
        if (s.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
            return JsonNode.Parse(values[random.Next(values.GetArrayLength())].GetRawText());
        return Type(s) switch
        {
            "object" => Object(s, depth),
            "array" => new JsonArray(Enumerable.Range(0, random.Next(0, 3))
                .Select(_ => Valid(s.TryGetProperty("items", out var items) ? items : null, Singular(name), depth + 1)).ToArray()),
            "integer" => JsonValue.Create(Integer(s, name)),
            "number" => JsonValue.Create(Number(name)),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            _ => JsonValue.Create(Text(s, name)),
        };
    }

    /// <summary>A value of another type than the schema says.</summary>
    public JsonNode? WrongType(JsonElement? schema)
    {
        var type = schema is null ? "string" : Type(description.Resolve(schema.Value));
        JsonNode?[] others =
        [
            JsonValue.Create("not-a-" + type), JsonValue.Create(random.Next()), JsonValue.Create(true), new JsonObject { ["x"] = 1 },
            new JsonArray(1, "two"), null, JsonValue.Create(1.5),
        ];
        return others.Where(o => Kind(o) != type).ElementAt(random.Next(others.Count(o => Kind(o) != type)));
    }

    public string Text(JsonElement s, string name)
    {
        var lower = name.ToLowerInvariant();
        if (s.TryGetProperty("format", out var format))
        {
            switch (format.GetString())
            {
                case "uuid": return lower.Contains("id", StringComparison.Ordinal) && knownIds.TryGetValue(lower, out var known) ? known : Guid.NewGuid().ToString();
                case "date-time": return DateTimeOffset.UtcNow.AddMinutes(random.Next(-600, 600)).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
                case "date": return DateTime.UtcNow.AddDays(random.Next(-30, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }
        if (knownIds.TryGetValue(lower, out var id) && random.Next(3) > 0) return id;
        if (lower.Contains("phone", StringComparison.Ordinal)) return "+8490" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        if (lower.Contains("province", StringComparison.Ordinal)) return random.Next(2) == 0 ? "22" : "01";
        if (lower.Contains("language", StringComparison.Ordinal)) return Languages[random.Next(Languages.Length)];
        if (lower is "channel") return random.Next(2) == 0 ? "sms" : "push";
        if (lower.Contains("country", StringComparison.Ordinal) || lower.Contains("nationality", StringComparison.Ordinal)) return "KR";
        if (lower.EndsWith("at", StringComparison.Ordinal) || lower.Contains("time", StringComparison.Ordinal) || lower.Contains("date", StringComparison.Ordinal))
            return DateTimeOffset.UtcNow.AddHours(random.Next(-48, 48)).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        if (lower.EndsWith("id", StringComparison.Ordinal)) return random.Next(2) == 0 ? Guid.NewGuid().ToString() : $"fuzz-{random.Next(100_000)}";
        return $"{name}-{random.Next(1000)}";
    }

    private JsonObject Object(JsonElement s, int depth)
    {
        var node = new JsonObject();
        var required = s.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
        if (!s.TryGetProperty("properties", out var properties)) return node;
        foreach (var property in properties.EnumerateObject())
        {
            if (required.Contains(property.Name) || random.Next(10) < 8) node[property.Name] = Valid(property.Value, property.Name, depth + 1);
        }
        return node;
    }

    private long Integer(JsonElement s, string name)
    {
        var min = s.TryGetProperty("minimum", out var lo) && lo.TryGetInt64(out var l) ? l : 0;
        var max = s.TryGetProperty("maximum", out var hi) && hi.TryGetInt64(out var h) ? h : Math.Max(min + 100, 100);
        if (name.Contains("limit", StringComparison.OrdinalIgnoreCase)) max = Math.Min(max, 500);
        return min + (long)(random.NextDouble() * Math.Min(max - min, 1_000_000));
    }

    private double Number(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower.Contains("lat", StringComparison.Ordinal)) return Math.Round(21.0 + random.NextDouble(), 6);
        if (lower.Contains("lon", StringComparison.Ordinal) || lower.Contains("lng", StringComparison.Ordinal)) return Math.Round(105.5 + random.NextDouble(), 6);
        return Math.Round(random.NextDouble() * 100, 3);
    }

    /// <summary>The schema's type; OpenAPI 3.1 lists it with "null" (<c>["string","null"]</c>).</summary>
    public static string Type(JsonElement s)
    {
        if (!s.TryGetProperty("type", out var type)) return s.TryGetProperty("properties", out _) ? "object" : "string";
        if (type.ValueKind == JsonValueKind.String) return type.GetString()!;
        return type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "string";
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "integer",
    };

    private static string Singular(string name) => name.EndsWith('s') ? name[..^1] : name;
}
