using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Geofence.Messaging.Persistence;
using Geofence.ServiceDefaults.Settings;
using MassTransit;
using MassTransit.MessageData.Values;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Geofence.Messaging.MessageData;

public static class MessageDataRegistration
{
    /// <summary>
    /// The claim-check store of this process: <see cref="MessagingDb"/> in the service's database (migrated at start-up
    /// like a service's schema, and by <c>--migrate</c>), its repository and its cleanup. The bus set-up adds it.
    /// </summary>
    public static IHostApplicationBuilder AddMessageData(this IHostApplicationBuilder builder)
    {
        var database = builder.AddSettingsNow<DatabaseSettings>("Database").Resolve(builder.Configuration);
        builder.AddSettings<MessageDataSettings>("MessageData");
        builder.Services.AddDbContext<MessagingDb>((sp, options) =>
        {
            var own = sp.GetRequiredService<MessageDataSettings>().ConnectionString;
            (string.IsNullOrWhiteSpace(own) ? database : DatabaseSettings.For(database.Provider, own)).Configure(options, typeof(MessagingDb));
        });
        builder.Services.AddHostedService<SchemaMigrationService<MessagingDb>>();
        builder.Services.AddSingleton(new ServiceSchemaRegistration(typeof(MessagingDb)));
        builder.Services.AddSingleton<MessageDataRepository>();
        builder.Services.AddHostedService<MessageDataCleanup>();
        return builder;
    }
}

/// <summary>
/// Reads a <c>MessageData&lt;string&gt;</c> that an older release wrote as a plain JSON string (the whole payload in
/// the message) as an inline value: a consumer gets it as it is, and publishing it again stores it in the repository
/// first, so an outbox row from before the claim check leaves with a body of a few hundred bytes.
/// </summary>
public sealed class InlineStringMessageDataConverter : JsonConverter<MessageData<string>>
{
    public override MessageData<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new StringInlineMessageData(reader.GetString()!)
            : JsonSerializer.Deserialize<MessageData<string>>(ref reader, WithoutThis(options));

    public override void Write(Utf8JsonWriter writer, MessageData<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, WithoutThis(options));

    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> WithoutThisOf = new();

    /// <summary>The same options less this converter, so that MassTransit's own reads and writes the object form.</summary>
    private static JsonSerializerOptions WithoutThis(JsonSerializerOptions options) => WithoutThisOf.GetValue(options, o =>
    {
        var copy = new JsonSerializerOptions(o);
        for (var i = copy.Converters.Count - 1; i >= 0; i--)
            if (copy.Converters[i] is InlineStringMessageDataConverter) copy.Converters.RemoveAt(i);
        return copy;
    });

    /// <summary>Adds the converter ahead of MassTransit's unless <paramref name="options"/> has it or can no longer change.</summary>
    public static JsonSerializerOptions AddTo(JsonSerializerOptions options)
    {
        if (!options.IsReadOnly && !options.Converters.Any(c => c is InlineStringMessageDataConverter))
            options.Converters.Insert(0, new InlineStringMessageDataConverter());
        return options;
    }
}
