using System.Net;
using System.Text.Json;
using Geofence.Host.Tests;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Fuzz.Tests;

/// <summary>
/// OWASP API9 (improper inventory): /openapi/v1.json lists exactly the /api/ routes the app maps, read from its route
/// table, both ways, so an endpoint left out of the document (or a documented one that is gone) fails here.
/// </summary>
[Collection(FuzzRun.OneAtATime)]
public sealed class InventoryTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private HashSet<string> documented = [];

    public async ValueTask InitializeAsync()
    {
        using var response = await app.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        documented = new ApiDescription(document.Clone()).Operations().Select(o => o.Name).ToHashSet();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public void Every_api_route_the_app_maps_is_in_the_document()
    {
        var mapped = MappedApiRoutes();
        Assert.True(mapped.Count > 40, $"{mapped.Count} routes mapped under /api/");

        var missing = mapped.Except(documented).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, "Mapped but not in /openapi/v1.json:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_api_operation_in_the_document_is_a_route_the_app_maps()
    {
        var stale = documented.Where(o => o.Contains(" /api/", StringComparison.Ordinal)).Except(MappedApiRoutes()).Order(StringComparer.Ordinal).ToArray();

        Assert.True(stale.Length == 0, "In /openapi/v1.json but not mapped:\n" + string.Join("\n", stale));
    }

    /// <summary>Every method × route under /api/ in the route table, written as the document writes it (constraints dropped).</summary>
    private HashSet<string> MappedApiRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: Path(e.RoutePattern)))
            .Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m.ToUpperInvariant()} {e.Path}"))
            .ToHashSet();

    private static string Path(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
}
