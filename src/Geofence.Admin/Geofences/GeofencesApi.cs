using System.Text.Json;
using Geofence.Fences;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Geofences;

public static class GeofencesApi
{
    private const int MaxFeatureBytes = 16 * 1024 * 1024;

    public sealed record ImportResult(int Imported, Guid[] Ids);
    public sealed record LookupItem(Guid Id, string Kind, string? EntryType, string Code, string Name, bool ByCoastalTolerance);
    public sealed record LookupResult(LookupItem[] Items);

    public static RouteGroupBuilder MapGeofences(this RouteGroupBuilder api)
    {
        var fences = api.MapGroup("/geofences").RequireApiKey(ApiCallerKind.Admin).WithTags("Geofences");
        fences.MapPost("/import", Import)
            .WithMetadata(new RequestSizeLimitAttribute(FenceImportOptions.DefaultMaxBytes))
            // Read by hand (a GeoJSON document or a zip archive), so the document is told what the body is.
            .Accepts<JsonElement>("application/geo+json", "application/json", "application/zip", "application/x-zip-compressed")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportGeofences")
            .WithSummary("Imports fences from a GeoJSON FeatureCollection or a zipped ESRI shapefile (WGS84 or VN-2000); all or nothing.")
            .WithDescription("Query: kind (province|point-of-entry|site), codeProperty, nameProperty, validFrom, validTo, entryType, radiusProperty. " +
                             "A fence with the same kind, code and validity as a saved one replaces it. A file over Geofences:Import:MaxFeatures " +
                             "or Geofences:Import:MaxVertices is 400 naming the limit.");
        fences.MapPost("/points-of-entry/builtin", ImportBuiltInPointsOfEntry)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ImportBuiltInPointsOfEntry")
            .WithSummary("Adds the airports and seaports shipped in geo-data/points-of-entry.csv as circle fences.");
        fences.MapGet("/lookup", Lookup).WithName("LookupGeofences").WithSummary("The fences covering a point at a time, province first.");
        fences.MapGet("", List).Produces<JsonElement>(StatusCodes.Status200OK, "application/geo+json")
            .WithName("ListGeofences").WithSummary("All fences as a FeatureCollection; filter by kind.");
        fences.MapGet("/{id:guid}", Get).Produces<JsonElement>(StatusCodes.Status200OK, "application/geo+json")
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetGeofence");
        fences.MapPost("", Create).Accepts<JsonElement>("application/geo+json", "application/json")
            .Produces<JsonElement>(StatusCodes.Status201Created, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateGeofence").WithSummary("Adds one fence given as a GeoJSON Feature.");
        fences.MapPut("/{id:guid}", Replace).Accepts<JsonElement>("application/geo+json", "application/json")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("ReplaceGeofence");
        fences.MapDelete("/{id:guid}", Delete).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithName("DeleteGeofence");
        return api;
    }

    private static async Task<Results<Created<ImportResult>, ProblemHttpResult>> Import(
        HttpContext http, AdminDb db, GeofenceSet set, FenceImportSettings limits, string? kind, string? codeProperty, string? nameProperty,
        string? validFrom, string? validTo, string? entryType, string? radiusProperty)
    {
        var errors = new FieldErrors();
        if (!FenceWireNames.TryParseFenceKind(kind, out var fenceKind)) errors.Add("kind", "must be province, point-of-entry or site.");
        PointOfEntryType? type = null;
        if (fenceKind == FenceKind.PointOfEntry)
        {
            if (FenceWireNames.TryParsePointOfEntryType(entryType, out var t)) type = t;
            else errors.Add("entryType", "is required for points of entry: airport, seaport, border-gate, railway-station or bus-station.");
        }
        if (string.IsNullOrWhiteSpace(codeProperty)) errors.Add("codeProperty", "is required: the feature property holding the code.");
        if (string.IsNullOrWhiteSpace(nameProperty)) errors.Add("nameProperty", "is required: the feature property holding the name.");
        var from = Time(errors, "validFrom", validFrom);
        var to = Time(errors, "validTo", validTo);
        if (from is not null && to is not null && from >= to) errors.Add("validTo", "must be after validFrom.");
        if (fenceKind == FenceKind.Province && radiusProperty is not null) errors.Add("radiusProperty", "does not apply to provinces.");
        if (errors.Any) return errors.ToProblem();

        var options = new FenceImportOptions
        {
            Kind = fenceKind, CodeProperty = codeProperty!, NameProperty = nameProperty!, ValidFrom = from, ValidTo = to,
            PointOfEntryType = type, RadiusProperty = radiusProperty, MaxFeatures = limits.MaxFeatures, MaxVertices = limits.MaxVertices,
        };
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var isGeoJson = mediaType is "application/geo+json" or "application/json";
        if (!isGeoJson && mediaType is not ("application/zip" or "application/x-zip-compressed"))
            return Problem.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported file",
                "Send application/geo+json (a FeatureCollection) or application/zip (a shapefile with its .prj).");
        FenceImportResult result;
        try
        {
            result = isGeoJson
                ? await FenceImport.FromGeoJsonAsync(http.Request.Body, options, http.RequestAborted)
                : await FenceImport.FromShapefileZipAsync(http.Request.Body, options, http.RequestAborted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem.Status(StatusCodes.Status413PayloadTooLarge, "File too large",
                $"Imports may be at most {FenceImportOptions.DefaultMaxBytes / (1024 * 1024)} MiB.");
        }
        if (result.ExceededLimit is { } limit) return OverLimit(result, limit);
        if (!result.Succeeded)
        {
            var byFeature = result.Errors.GroupBy(e => e.FeatureIndex is { } i ? $"features[{i}]" : "file")
                .ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray());
            return Problem.Invalid(byFeature);
        }

        // A re-imported fence (same kind, code and validity) keeps its id and gets the new geometry.
        var keys = await db.Geofences.AsNoTracking().Where(g => g.Kind == fenceKind.ToWireName())
            .Select(g => new { g.Id, g.Code, g.ValidFrom, g.ValidTo }).ToListAsync(http.RequestAborted);
        var fences = result.Fences.Select(f =>
            keys.FirstOrDefault(k => k.Code == f.Code && k.ValidFrom == f.Validity.From?.UtcDateTime && k.ValidTo == f.Validity.To?.UtcDateTime) is { } same
                ? f.WithId(same.Id) : f).ToArray();
        if (await SaveAsync(set, fences, [], http.RequestAborted) is { } conflict) return conflict;
        return TypedResults.Created("/api/v1/geofences", new ImportResult(fences.Length, fences.Select(f => f.Id).ToArray()));
    }

    /// <summary>A file over one of the import's limits: 400 naming the setting that decides it (413 for the size).</summary>
    private static ProblemHttpResult OverLimit(FenceImportResult result, string limit)
    {
        var setting = $"Geofences:Import:{limit}";
        var reason = result.Errors[0].ToString();
        var problem = limit == nameof(FenceImportOptions.MaxBytes)
            ? Problem.Status(StatusCodes.Status413PayloadTooLarge, "File too large", reason)
            : Problem.Invalid(new Dictionary<string, string[]> { ["file"] = [$"{reason} (setting {setting})."] });
        problem.ProblemDetails.Extensions["limit"] = setting;
        return problem;
    }

    private static async Task<Results<Created<ImportResult>, ProblemHttpResult>> ImportBuiltInPointsOfEntry(GeofenceSet set, CancellationToken ct)
    {
        var fences = PointOfEntryCatalogue.BuiltIn.ToFences();
        if (await SaveAsync(set, fences, [], ct) is { } conflict) return conflict;
        return TypedResults.Created("/api/v1/geofences?kind=point-of-entry", new ImportResult(fences.Count, fences.Select(f => f.Id).ToArray()));
    }

    private static async Task<Results<Ok<LookupResult>, ProblemHttpResult>> Lookup(
        GeofenceSet set, TimeProvider time, double? lat, double? lon, string? at, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (lat is not (>= -90 and <= 90)) errors.Add("lat", "is required, between -90 and 90.");
        if (lon is not (>= -180 and <= 180)) errors.Add("lon", "is required, between -180 and 180.");
        var when = Time(errors, "at", at) ?? time.GetUtcNow();
        if (errors.Any) return errors.ToProblem();

        var snapshot = await set.SnapshotAsync(ct);
        var items = snapshot.Lookup(lat!.Value, lon!.Value, when).Select(m => new LookupItem(m.Fence.Id, m.Fence.Kind.ToWireName(),
            m.Fence.PointOfEntryType?.ToWireName(), m.Fence.Code, m.Fence.Name, m.ByCoastalTolerance)).ToArray();
        return TypedResults.Ok(new LookupResult(items));
    }

    private static async Task<IResult> List(AdminDb db, string? kind, CancellationToken ct)
    {
        var query = db.Geofences.AsNoTracking();
        if (kind is not null) query = query.Where(g => g.Kind == kind);
        var features = await query.OrderBy(g => g.Kind).ThenBy(g => g.Code).Select(g => g.Feature).ToListAsync(ct);
        return Results.Text(GeofenceSet.Collection(features), "application/geo+json");
    }

    private static async Task<IResult> Get(Guid id, AdminDb db, CancellationToken ct) =>
        await db.Geofences.AsNoTracking().Where(g => g.Id == id).Select(g => g.Feature).FirstOrDefaultAsync(ct) is { } feature
            ? Results.Text(feature, "application/geo+json")
            : NotFound(id);

    private static Task<IResult> Create(HttpContext http, GeofenceSet set) => SaveOneAsync(http, set, Guid.CreateVersion7(), created: true);

    private static async Task<IResult> Replace(Guid id, HttpContext http, AdminDb db, GeofenceSet set) =>
        await db.Geofences.AnyAsync(g => g.Id == id, http.RequestAborted) ? await SaveOneAsync(http, set, id, created: false) : NotFound(id);

    private static async Task<IResult> Delete(Guid id, AdminDb db, GeofenceSet set, CancellationToken ct)
    {
        if (!await db.Geofences.AnyAsync(g => g.Id == id, ct)) return NotFound(id);
        return await SaveAsync(set, [], [id], ct) is { } conflict ? conflict : Results.NoContent();
    }

    private static async Task<IResult> SaveOneAsync(HttpContext http, GeofenceSet set, Guid id, bool created)
    {
        var (body, invalid) = await JsonBody.ReadAsync<JsonDocument>(http, MaxFeatureBytes);
        if (invalid is not null) return invalid;
        using var document = body!;
        var fence = FenceFeatures.FromFeature(document.RootElement, id, out var problem);
        if (fence is null)
        {
            var field = problem!.Split(':')[0];
            return Problem.Invalid(field, problem[(field.Length + 1)..].Trim());
        }
        if (await SaveAsync(set, [fence], [], http.RequestAborted) is { } conflict) return conflict;
        var feature = FenceFeatures.ToFeature(fence).ToJsonString();
        return created
            ? Results.Text(feature, "application/geo+json", statusCode: StatusCodes.Status201Created)
            : Results.Text(feature, "application/geo+json");
    }

    private static async Task<ProblemHttpResult?> SaveAsync(GeofenceSet set, IReadOnlyCollection<Fence> fences, Guid[] deletions, CancellationToken ct)
    {
        try
        {
            await set.SaveAsync(fences, deletions, ct);
            return null;
        }
        catch (DbUpdateException)
        {
            return Problem.Status(StatusCodes.Status409Conflict, "Concurrent change", "Another change to the geofences was saved at the same moment; try again.");
        }
    }

    private static DateTimeOffset? Time(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (RequestFormats.TryParseOffsetDateTime(value, out var parsed)) return parsed;
        errors.Add(field, "must be an ISO 8601 date and time with an offset, e.g. 2025-07-01T00:00:00+07:00.");
        return null;
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        Problem.Status(StatusCodes.Status404NotFound, "No such geofence", $"No geofence has id {id}.");
}
