using System.Text.Json.Serialization;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.OpenApi;
using Geofence.ServiceDefaults.Problems;
using Geofence.ServiceDefaults.Security;
using Geofence.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Geofence.ServiceDefaults;

/// <summary>What every Geofence service gets: problem details, health, telemetry, OpenAPI and API keys.</summary>
public static class ServiceDefaultsExtensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        StartupRefusedException.ExitOnRefusal(builder.Environment.ApplicationName);
        builder.AddLoggingDefaults();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<InfrastructureExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddGeofenceTransformers());
        // Bodies are read through JsonBody; a body the framework binds refuses a property given twice and a number
        // written as a string all the same.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        builder.AddTelemetry();
        builder.Services.AddSingleton(AdminKey.FromConfiguration(builder.Configuration, builder.Environment));
        builder.AddSettings<AuthSettings>("Auth");
        builder.Services.TryAddSingleton<IssuedAdminKeys>();
        builder.Services.TryAddSingleton<ApiKeyUsage>();
        builder.AddSettings<ApiKeyLimitSettings>("RateLimits");
        builder.Services.TryAddSingleton<ApiKeyLimiter>();
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseSecurityHeaders(app.Environment);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        // Readiness names each check and says why it is not healthy; Degraded still answers 200.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapOpenApi();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });

    /// <summary>
    /// Log levels an operator can live with, under whatever appsettings.json or the environment say: a service run as its
    /// own process has no appsettings.json, and EF Core at Information logs every SQL command. Production logs are JSON
    /// lines (<c>Logging__Console__FormatterName=simple</c> for text).
    /// </summary>
    private static void AddLoggingDefaults(this IHostApplicationBuilder builder)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            ["Logging:LogLevel:Microsoft.Extensions.Http"] = "Warning",
            ["Logging:LogLevel:Polly"] = "Warning",
            ["Logging:Console:FormatterName"] = builder.Environment.IsProduction() ? "json" : "simple",
        };
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
    }

    /// <summary>
    /// Traces, metrics and logs, exported over OTLP only where a collector is configured with the standard variables
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or one per signal; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>,
    /// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>...); otherwise telemetry stays in the process.
    /// </summary>
    private static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                // The process's own name unless OTEL_SERVICE_NAME says otherwise (the SDK reads that one itself).
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"])) r.AddService(builder.Environment.ApplicationName);
            })
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation().AddMeter("MassTransit", "Geofence.*"))
            .WithTracing(t => t.AddSource(builder.Environment.ApplicationName).AddSource("MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithLogging();

        string[] endpoints = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];
        if (endpoints.Any(e => !string.IsNullOrWhiteSpace(builder.Configuration[e]))) otel.UseOtlpExporter();
    }
}
