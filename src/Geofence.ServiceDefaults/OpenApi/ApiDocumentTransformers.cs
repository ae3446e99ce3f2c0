using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Geofence.ServiceDefaults.OpenApi;

/// <summary>
/// Completes the OpenAPI document from endpoint metadata, so that no endpoint can forget it: the <c>X-Api-Key</c>
/// security scheme, a security requirement with 401, 403 and 429 on every endpoint that takes a key, and the problem
/// answers every operation can give (400 for a bad body or query, 413 for an oversized body, 415 for a body of another
/// content type than the operation accepts, 404 when a path parameter names nothing or does not fit the route, 503 while the database is out of reach).
/// </summary>
internal static class ApiDocumentTransformers
{
    /// <summary>The name of the security scheme in <c>components.securitySchemes</c>.</summary>
    public const string ApiKeyScheme = "ApiKey";

    private const string ProblemMediaType = "application/problem+json";

    public static void AddGeofenceTransformers(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                Name = ApiKey.Header,
                In = ParameterLocation.Header,
                Description = "A key issued by the department: the admin key, a hotel's key or a feed's key.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var problems = new List<(int Status, string Description)>();
            if (metadata.OfType<ApiKeyRequirement>().LastOrDefault() is { } requirement)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
                problems.Add((StatusCodes.Status401Unauthorized, $"No {ApiKey.Header}, or one that is not known."));
                problems.Add((StatusCodes.Status403Forbidden,
                    $"A valid key of another kind; this endpoint takes {string.Join(" or ", requirement.Allowed.Select(k => k.ToString().ToLowerInvariant()))} keys."));
                // ApiKeyLimiter, in the same filter: the key's rate or the source address's failed authentications.
                problems.Add((StatusCodes.Status429TooManyRequests,
                    "Too many requests with this key, or too many unknown keys from this address; try again after Retry-After."));
            }
            if (operation.RequestBody is not null)
            {
                problems.Add((StatusCodes.Status400BadRequest, "The body or a parameter is invalid; the problem names the field."));
                problems.Add((StatusCodes.Status413PayloadTooLarge, "The body is larger than the endpoint takes."));
                problems.Add((StatusCodes.Status415UnsupportedMediaType, "The body's Content-Type is not one the operation accepts."));
            }
            else if (operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
            {
                problems.Add((StatusCodes.Status400BadRequest, "A parameter is invalid; the problem names it."));
            }
            if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
            {
                problems.Add((StatusCodes.Status404NotFound, "Nothing has the identifier in the path, or it does not fit the route."));
            }
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                // InfrastructureExceptionHandler: every API operation reads or writes the database.
                problems.Add((StatusCodes.Status503ServiceUnavailable, "The database or the message bus is not reachable; try again after Retry-After."));
            }
            if (problems.Count == 0)
            {
                return;
            }
            var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
            operation.Responses ??= [];
            foreach (var (status, description) in problems)
            {
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (operation.Responses.ContainsKey(key)) continue;
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() { Schema = schema } },
                };
            }
        });
    }
}
