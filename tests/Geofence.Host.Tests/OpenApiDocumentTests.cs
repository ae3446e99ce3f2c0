using System.Net;
using System.Text.Json;
using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Host.Tests;

/// <summary>
/// /openapi/v1.json describes how to call every endpoint: the X-Api-Key scheme, which operations need it, what each
/// body is and which problems each answers. Every operation is checked, so a new endpoint that forgets fails here.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private JsonElement document;

    public async ValueTask InitializeAsync()
    {
        using var response = await app.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public void The_document_declares_the_X_Api_Key_header_as_an_apiKey_security_scheme()
    {
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");

        Assert.Equal(("apiKey", "header", "X-Api-Key"),
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
    }

    [Fact]
    public void Every_operation_whose_endpoint_requires_a_key_carries_the_requirement_and_lists_401_and_403()
    {
        var keyed = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiKeyRequirement>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m.ToLowerInvariant(), Path: Path(e))))
            .ToArray();
        Assert.True(keyed.Length > 20, $"{keyed.Length} keyed endpoints");

        var missing = new List<string>();
        foreach (var (method, path) in keyed)
        {
            if (!Operations().TryGetValue((method, path), out var operation))
            {
                missing.Add($"{method} {path}: not in the document");
                continue;
            }
            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _));
            if (!secured) missing.Add($"{method} {path}: no ApiKey security requirement");
            foreach (var status in new[] { "401", "403", "429" })
            {
                if (!operation.GetProperty("responses").TryGetProperty(status, out _)) missing.Add($"{method} {path}: no {status}");
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_operation_with_a_body_or_query_lists_400_and_every_body_lists_413()
    {
        var missing = new List<string>();
        foreach (var ((method, path), operation) in Operations())
        {
            var responses = operation.GetProperty("responses");
            var hasBody = operation.TryGetProperty("requestBody", out _);
            var hasQuery = operation.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "query");
            if ((hasBody || hasQuery) && !responses.TryGetProperty("400", out _)) missing.Add($"{method} {path}: no 400");
            if (hasBody && !responses.TryGetProperty("413", out _)) missing.Add($"{method} {path}: no 413");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_POST_and_PUT_declares_its_body_unless_it_takes_none()
    {
        // Operations that act on the path alone; anything else that is sent data must say what the data is.
        string[] bodiless =
        [
            "post /api/v1/devices/{deviceId}/bluezone-installed",
            "post /api/v1/geofences/points-of-entry/builtin",
            "post /api/v1/hotels/{propertyId}/key",
            "post /api/v1/hotels/{propertyId}/keys",
            "post /api/v1/feeds/{feedId}/keys",
            "post /api/v1/templates/{channel}/{language}/rollback/{version}",
            "post /api/v1/campaigns/{campaignId}/pause",
            "post /api/v1/campaigns/{campaignId}/resume",
            "post /api/v1/campaigns/{campaignId}/cancel",
            "post /api/v1/receipts/esms",
        ];
        var undeclared = Operations()
            .Where(o => o.Key.Method is "post" or "put" or "patch" && !o.Value.TryGetProperty("requestBody", out _))
            .Select(o => $"{o.Key.Method} {o.Key.Path}")
            .Except(bodiless)
            .ToArray();

        Assert.True(undeclared.Length == 0, string.Join("\n", undeclared));
    }

    [Fact]
    public void The_geofence_import_declares_its_GeoJSON_and_zip_bodies_and_its_problems()
    {
        var import = Operations()[("post", "/api/v1/geofences/import")];

        var content = import.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).ToArray();
        Assert.Superset(new HashSet<string> { "application/geo+json", "application/json", "application/zip" }, content.ToHashSet());
        var responses = import.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "201", "400", "401", "403", "409", "413", "415" }, responses);
    }

    private Dictionary<(string Method, string Path), JsonElement> Operations()
    {
        var operations = new Dictionary<(string, string), JsonElement>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations[(operation.Name, path.Name)] = operation.Value;
            }
        }
        return operations;
    }

    /// <summary>The route as the document writes it: constraints dropped (<c>{id:guid}</c> → <c>{id}</c>).</summary>
    private static string Path(RouteEndpoint endpoint) =>
        "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => "",
        }))));
}
