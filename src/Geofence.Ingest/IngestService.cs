using System.ComponentModel.DataAnnotations;
using Geofence.Contracts;
using Geofence.Ingest.CheckIns;
using Geofence.Ingest.Feeds;
using Geofence.Ingest.Hotels;
using Geofence.Ingest.Locations;
using Geofence.Ingest.Persons;
using Geofence.Messaging.PersonalData;
using Geofence.Messaging.Persistence;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Settings;
using MassTransit;

namespace Geofence.Ingest;

/// <summary>Ingest: takes check-ins, devices, pings and province entries in over HTTP and publishes them once safely stored.</summary>
public static class IngestService
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy();
        builder.AddServiceDatabase<IngestDb>();
        builder.AddRetentionHousekeeping<IngestRetention>();
        builder.AddSettings<IngestSettings>("Ingest");
        builder.AddSettings<TelcoEntryLimits>("RateLimits");
        builder.Services.AddSingleton<TelcoEntryLimiter>();
        builder.Services.AddScoped<IApiKeyDirectory, IntegrationKeyDirectory>();
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<HotelRegisteredConsumer>();
        bus.AddConsumer<FeedRegisteredConsumer>();
        bus.AddConsumer<ApiKeysChangedConsumer>();
        bus.AddConsumer<IngestPersonErasureConsumer>();
        bus.AddConsumer<IngestPersonDataConsumer>().Endpoint(e => e.Name = PersonDataRequested.EndpointName(PersonErased.Ingest));
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Ingest");
        api.MapCheckIns();
        api.MapCheckInBatches();
        api.MapLocationFeeds();
        api.MapGet("/me", (HttpContext http) => TypedResults.Ok(new WhoAmI(
                http.GetApiCaller().Kind.ToString().ToLowerInvariant(), http.GetApiCaller().OwnerId)))
            .RequireApiKey(ApiCallerKind.Admin, ApiCallerKind.Hotel, ApiCallerKind.Feed)
            .WithName("WhoAmI")
            .WithSummary("Tells an integrator which hotel or feed its API key belongs to.");
        return app;
    }

    private sealed record WhoAmI(string Kind, string? Id);
}

/// <summary><c>Ingest:*</c> configuration.</summary>
public sealed class IngestSettings
{
    /// <summary>
    /// How many accepted messages may wait for the bus. Past this the bus has been unreachable for long enough that
    /// Ingest answers 503 rather than let the backlog grow without bound.
    /// </summary>
    [Range(0, int.MaxValue)] public int MaxUnpublished { get; set; } = 10_000;

    /// <summary>
    /// A check-in, ping or telecom entry older than this when it is accepted is recorded as <c>suppressed</c>
    /// (<c>stale</c>): a welcome days after the arrival is no welcome.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")] public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How far ahead of Ingest's clock a sender's clock may run; a time further ahead is refused (400).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
