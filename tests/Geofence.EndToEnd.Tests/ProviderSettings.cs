using Geofence.Channels.Zalo;
using Geofence.Privacy;
using Geofence.Testing.Providers;
using Npgsql;

namespace Geofence.EndToEnd.Tests;

/// <summary>The Dispatcher's environment for each real provider, pointed at its fake, as an operator would set it.</summary>
internal static class ProviderSettings
{
    public const string TwilioStatusCallbackUrl = "https://geofence.example.vn/api/v1/receipts/twilio";
    public const string EsmsCallbackKey = "esms-callback-key";
    public const string EsmsCallbackUrl = $"https://geofence.example.vn/api/v1/receipts/esms?key={EsmsCallbackKey}";

    /// <summary>Short backoff, so that a test of a brief fault does not wait minutes. Not for the test of the default schedule.</summary>
    public static Dictionary<string, string> FastRetry() => new()
    {
        ["Channels__Retry__MinInterval"] = "00:00:00.200",
        ["Channels__Retry__MaxInterval"] = "00:00:02",
    };

    public static Dictionary<string, string> Twilio(FakeTwilio twilio) => new()
    {
        ["Channels__Sms__Provider"] = "Twilio",
        ["Channels__Twilio__AccountSid"] = twilio.AccountSid,
        ["Channels__Twilio__AuthToken"] = twilio.AuthToken,
        ["Channels__Twilio__From"] = "GEOFENCE",
        ["Channels__Twilio__BaseUrl"] = twilio.Server.BaseUrl,
        ["Channels__Twilio__StatusCallbackUrl"] = TwilioStatusCallbackUrl,
    };

    public static Dictionary<string, string> Esms(FakeEsms esms) => new()
    {
        ["Channels__Sms__Provider"] = "Esms",
        ["Channels__Esms__ApiKey"] = esms.ApiKey,
        ["Channels__Esms__SecretKey"] = esms.SecretKey,
        ["Channels__Esms__Brandname"] = esms.Brandname,
        ["Channels__Esms__BaseUrl"] = esms.Server.BaseUrl,
        ["Channels__Esms__CallbackUrl"] = EsmsCallbackUrl,
    };

    public static Dictionary<string, string> Fcm(FakeFcm fcm) => new()
    {
        ["Channels__Push__Provider"] = "Fcm",
        ["Channels__Fcm__ProjectId"] = fcm.ProjectId,
        ["Channels__Fcm__ServiceAccountFile"] = fcm.KeyFile,
        ["Channels__Fcm__BaseUrl"] = fcm.Server.BaseUrl,
    };

    public static Dictionary<string, string> NotificationHubs(FakeNotificationHub hub)
    {
        var options = hub.Options();
        return new()
        {
            ["Channels__Push__Provider"] = "NotificationHubs",
            ["Channels__NotificationHubs__ConnectionString"] = options.ConnectionString,
            ["Channels__NotificationHubs__HubName"] = options.HubName,
            ["Channels__NotificationHubs__BaseUrl"] = hub.Server.BaseUrl,
        };
    }

    /// <param name="options">From <see cref="FakeZalo.Options"/>, or <see cref="FakeZalo.OptionsWithExpiredAccessToken"/> to force a refresh.</param>
    public static Dictionary<string, string> Zalo(ZaloOptions options) => new()
    {
        ["Channels__Zalo__Enabled"] = "true",
        ["Channels__Zalo__AccessToken"] = options.AccessToken,
        ["Channels__Zalo__RefreshToken"] = options.RefreshToken,
        ["Channels__Zalo__AppId"] = options.AppId,
        ["Channels__Zalo__SecretKey"] = options.SecretKey,
        ["Channels__Zalo__TemplateId"] = options.TemplateId,
        ["Channels__Zalo__BaseUrl"] = options.BaseUrl,
        ["Channels__Zalo__OAuthBaseUrl"] = options.OAuthBaseUrl,
    };

    public static Dictionary<string, string> Merge(params Dictionary<string, string>[] parts)
    {
        var merged = new Dictionary<string, string>();
        foreach (var (key, value) in parts.SelectMany(p => p)) merged[key] = value;
        return merged;
    }
}

/// <summary>What the services keep in the shared PostgreSQL database, read the way an operator would check it.</summary>
internal static class StoredState
{
    /// <summary>The Zalo token pair the Dispatcher stored after a refresh; null while it still uses the configured one.</summary>
    public static async Task<ZaloTokens?> ZaloTokensAsync(DistributedGeofence system)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "AccessToken", "RefreshToken" FROM dispatcher_zalo_tokens""", connection);
        await using var reader = await query.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var (access, refresh) = (reader.GetString(0), reader.GetString(1));
        // Stored encrypted: never in clear, and readable with the key derived from the services' privacy key.
        if (!access.StartsWith("enc1:", StringComparison.Ordinal) || !refresh.StartsWith("enc1:", StringComparison.Ordinal))
            throw new InvalidOperationException("dispatcher_zalo_tokens holds a token in clear");
        var cipher = new FieldCipher(system.PrivacyKey);
        var tokens = new ZaloTokens(cipher.Unprotect(access)!, cipher.Unprotect(refresh)!);
        return await reader.ReadAsync() ? throw new InvalidOperationException("dispatcher_zalo_tokens holds more than one pair") : tokens;
    }

    /// <summary>Whether the Notifier has recorded the device with a push token, so that an arrival can be pushed to it.</summary>
    public static async Task<bool> NotifierKnowsDeviceAsync(DistributedGeofence system, string deviceId)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """SELECT count(*) FROM notifier_devices WHERE "DeviceId" = @deviceId AND "PushToken" IS NOT NULL""", connection);
        query.Parameters.AddWithValue("deviceId", deviceId);
        try
        {
            return (long)(await query.ExecuteScalarAsync())! > 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    /// <summary>Whether the Notifier holds an active opt-out for the person, so that their arrivals are suppressed.</summary>
    public static async Task<bool> NotifierHasActiveOptOutAsync(DistributedGeofence system, string personKey)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT count(*) FROM notifier_opt_outs WHERE "PersonKey" = @personKey
              AND "OptedOutAt" IS NOT NULL AND ("LiftedAt" IS NULL OR "OptedOutAt" > "LiftedAt")
            """, connection);
        query.Parameters.AddWithValue("personKey", personKey);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }
}
