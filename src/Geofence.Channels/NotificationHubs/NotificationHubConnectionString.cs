namespace Geofence.Channels.NotificationHubs;

/// <summary><c>Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName={name};SharedAccessKey={key}</c>.</summary>
public sealed record NotificationHubConnectionString(Uri Endpoint, string KeyName, string Key)
{
    /// <summary>The REST base the namespace answers on: <c>https://{namespace}.servicebus.windows.net</c>.</summary>
    public string DefaultBaseUrl => $"https://{Endpoint.Host}";

    public static bool TryParse(string? text, out NotificationHubConnectionString? connection, out string problem)
    {
        connection = null;
        var parts = (text ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)) // a key is base64 and may itself end in '='
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        var missing = new[] { "Endpoint", "SharedAccessKeyName", "SharedAccessKey" }
            .Where(name => string.IsNullOrWhiteSpace(parts.GetValueOrDefault(name))).ToList();
        if (missing.Count > 0)
        {
            problem = $"lacks {string.Join(", ", missing)}";
            return false;
        }
        if (!Uri.TryCreate(parts["Endpoint"], UriKind.Absolute, out var endpoint) || endpoint.Scheme != "sb")
        {
            problem = "has an Endpoint that is not an sb:// URL";
            return false;
        }
        connection = new NotificationHubConnectionString(endpoint, parts["SharedAccessKeyName"], parts["SharedAccessKey"]);
        problem = "";
        return true;
    }

    // The key is a secret: keep it out of logs and exception messages.
    public override string ToString() => $"Endpoint={Endpoint};SharedAccessKeyName={KeyName};SharedAccessKey=***";
}
