using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Geofence.ServiceDefaults.Problems;

/// <summary>What is wrong with a JSON body, by the field as the caller wrote it, in words that name no .NET type.</summary>
internal static class JsonFaults
{
    /// <summary>
    /// Reads the whole text once, before any binding: broken JSON, text that is not UTF-8 and a property given twice in
    /// one object (compared exactly as written, so it holds for free-form objects such as GeoJSON too).
    /// </summary>
    public static (string Field, string Message)? FindInText(ReadOnlySpan<byte> body)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!TryGetText(ref reader, out var name)) return (Path(frames), "holds a property name that is not valid UTF-8 text.");
                        var current = frames[^1];
                        current.Property = name;
                        if (!current.Names!.Add(name)) return (Path(frames), "is given more than once: send each property once.");
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (frames.Count > 0 && frames[^1].Names is null) frames[^1].Index++;
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].Names is null) frames[^1].Index++;
                        if (reader.TokenType == JsonTokenType.String && !TryGetText(ref reader, out _))
                            return (Path(frames), "is not valid text (bad UTF-8 or a lone surrogate).");
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var message = ex.Message.Split(" LineNumber:")[0].Trim();
            return (Path(frames), $"is not valid JSON here: {message} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
        return null;
    }

    /// <summary>A binding error: a property given twice in other letter case, or a value of the wrong type.</summary>
    public static (string Field, string Message) Explain(JsonException ex, Type root, JsonSerializerOptions options)
    {
        var field = FieldName(ex.Path);
        if (ex.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
            return (field, "is given more than once (names are matched regardless of case): send each property once.");
        var type = TypeAt(root, ex.Path, options);
        return (field, type is null ? "has a value of the wrong kind here." : $"must be {Expected(type, options)}.");
    }

    /// <summary>"$.guests[0].arrival" → "guests[0].arrival", the name the caller used.</summary>
    public static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Expected(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int)) return $"a whole number from {int.MinValue} to {int.MaxValue}";
        if (type == typeof(long)) return $"a whole number from {long.MinValue} to {long.MaxValue}";
        if (type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong)) return "a whole number in range";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a date-time like 2026-12-02T10:00:00+07:00";
        if (type == typeof(DateOnly)) return "a date like 2026-12-02";
        if (type == typeof(TimeOnly)) return "a time of day like 07:30:00";
        if (type == typeof(TimeSpan)) return "a duration like 01:30:00";
        if (type == typeof(Guid)) return "a UUID like 0192f0c4-6f3a-7cc2-a2d1-5b0c6e1f9a10";
        if (type.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(type).Select(n => options.PropertyNamingPolicy?.ConvertName(n) ?? n));
        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => "a value of another kind",
        };
    }

    /// <summary>The type the body's type expects at a path the serializer reported, or null when the path leads nowhere known.</summary>
    private static Type? TypeAt(Type root, string? path, JsonSerializerOptions options)
    {
        var type = root;
        foreach (var step in Steps(path))
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary when info.ElementType is { } element:
                    type = element;
                    break;
                case JsonTypeInfoKind.Object when step is not null:
                    var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, step,
                        options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
                    if (property is null) return null;
                    type = property.PropertyType;
                    break;
                default:
                    return null;
            }
        }
        return type;
    }

    /// <summary>"$.a[2]['b c'].d" → a, (index), b c, d; an index is null.</summary>
    private static IEnumerable<string?> Steps(string? path)
    {
        if (string.IsNullOrEmpty(path)) yield break;
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                yield return path[(i + 1)..end];
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) yield break;
                yield return path[(i + 2)..end];
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0) yield break;
                yield return null;
                i = end + 1;
            }
            else yield break;
        }
    }

    private static bool TryGetText(ref Utf8JsonReader reader, out string text)
    {
        text = "";
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (!Utf8.IsValid(reader.ValueSpan)) return false;
            if (reader.TokenType != JsonTokenType.PropertyName) return true;
        }
        try
        {
            text = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Where the reader is, written as the serializer writes paths.</summary>
    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.Names is not null && frame.Property is not null) path.Append('.').Append(frame.Property);
            else if (frame.Names is null && frame.Index >= 0) path.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return FieldName(path.ToString());
    }

    /// <summary>An object (with the names seen in it) or an array (with the index of its current item).</summary>
    private sealed class Frame(bool isObject)
    {
        public HashSet<string>? Names { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;
        public string? Property { get; set; }
        public int Index { get; set; } = -1;
    }
}
