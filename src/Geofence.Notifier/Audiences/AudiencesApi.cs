using Geofence.Fences;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Geofence.Notifier.Audiences;

/// <summary>
/// /api/v1/audiences: the lists of people a campaign goes to. A list is uploaded as CSV (streamed: a file of two million
/// rows is read with the memory of one batch) or built in the database from what the Notifier has seen (telecom
/// sightings, devices in a province) or from other audiences (union, difference). Admin key only.
/// </summary>
public static class AudiencesApi
{
    /// <summary>The largest upload: two million rows of a number, a language and a name fit well within it.</summary>
    public const long MaxUploadBytes = 256L * 1024 * 1024;
    private const int MaxOf = 20;

    public sealed record UploadedAudience(Guid AudienceId, string Name, int Accepted, IReadOnlyList<RejectedRow> Rejected, int RejectedCount,
        bool RejectedTruncated);
    public sealed record BuildAudience(string? Name, string? Kind, string? ProvinceCode, int? Days, Guid[]? Of);
    public sealed record BuiltAudience(Guid AudienceId, string Name, string Kind, int Members);
    public sealed record AudienceView(Guid AudienceId, string Name, string Kind, string Status, int Members, int Rejected, DateTimeOffset CreatedAt,
        string? ProvinceCode, int? Days, Guid[]? Of);
    public sealed record AudienceList(AudienceView[] Items);

    public static IEndpointRouteBuilder MapAudiences(this IEndpointRouteBuilder app)
    {
        var audiences = app.MapGroup("/api/v1/audiences").RequireApiKey(ApiCallerKind.Admin).WithTags("Audiences");
        audiences.MapPost("", UploadAsync).Accepts<string>("text/csv").WithName("UploadAudience")
            .WithSummary("Uploads a list (CSV phone[,language][,name], UTF-8, header row) as a new audience; rows that fail are listed by line.")
            .WithDescription("name (query) is required. Up to 256 MB; mobile numbers only; a person twice is kept once.");
        audiences.MapPost("/built", BuildAsync).Accepts<BuildAudience>("application/json").WithName("BuildAudience")
            .WithSummary("Builds an audience: telecom-seen or devices (provinceCode, days), union or difference (of: 2-20 audience ids).");
        audiences.MapGet("/{id}", GetAsync).WithName("GetAudience").WithSummary("One audience: its kind, status and counts.");
        audiences.MapGet("", ListAsync).WithName("ListAudiences").WithSummary("The audiences, newest first (limit 1-500, default 100).");
        return app;
    }

    private static async Task<Results<Created<UploadedAudience>, ProblemHttpResult, EmptyHttpResult>> UploadAsync(HttpContext http, string? name,
        NotifierDb db, AudienceImport import, TimeProvider time, ILoggerFactory loggers)
    {
        var errors = new FieldErrors();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "is required (a query parameter).");
        else if (name.Length > 200) errors.Add("name", "is longer than 200 characters.");
        if (errors.Any) return errors.ToProblem();
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            return Problem.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The body must be text/csv (UTF-8).");
        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return Problem.Invalid("body", "The file must be UTF-8 (with or without a BOM).");
        if (http.Request.ContentLength > MaxUploadBytes) return TooLarge();
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxUploadBytes;

        var ct = http.RequestAborted;
        var reader = new CsvRecordReader(http.Request.Body, MaxUploadBytes);
        AudienceCsv? columns;
        try
        {
            (columns, var headerError) = await AudienceCsv.ReadHeaderAsync(reader, ct);
            if (columns is null) return Problem.Invalid("header", headerError!);
        }
        catch (CsvUploadException e)
        {
            return Refused(e);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }

        var audience = new Audience
        {
            AudienceId = Guid.CreateVersion7(), Name = name!, Kind = Audience.Upload, Status = Audience.Importing,
            CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.Audiences.Add(audience);
        await db.SaveChangesAsync(ct);
        ImportOutcome outcome;
        try
        {
            outcome = await import.ImportAsync(audience.AudienceId, reader, columns, ct);
        }
        catch (Exception e)
        {
            await FailAsync(db, audience.AudienceId);
            var logger = loggers.CreateLogger(typeof(AudiencesApi));
            switch (e)
            {
                case CsvUploadException refused:
                    return Refused(refused);
                case BadHttpRequestException bad:
                    return bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge() : Problem.Status(bad.StatusCode, "Bad request", bad.Message);
                case OperationCanceledException or IOException when ct.IsCancellationRequested:
                    logger.LogInformation("Upload of audience {AudienceId} broke off after {Bytes} bytes: marked failed", audience.AudienceId, reader.BytesRead);
                    return TypedResults.Empty;
                default:
                    logger.LogError(e, "Upload of audience {AudienceId} failed: marked failed", audience.AudienceId);
                    throw;
            }
        }
        await db.Audiences.Where(a => a.AudienceId == audience.AudienceId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Status, Audience.Ready).SetProperty(a => a.Members, outcome.Accepted).SetProperty(a => a.Rejected, outcome.RejectedCount),
            CancellationToken.None);
        return TypedResults.Created($"/api/v1/audiences/{audience.AudienceId}", new UploadedAudience(audience.AudienceId, audience.Name,
            outcome.Accepted, outcome.Rejected, outcome.RejectedCount, outcome.RejectedCount > outcome.Rejected.Count));
    }

    private static async Task<Results<Created<BuiltAudience>, ProblemHttpResult>> BuildAsync(HttpContext http, NotifierDb db, AudienceBuilder builder,
        TimeProvider time)
    {
        var (request, invalid) = await JsonBody.ReadAsync<BuildAudience>(http, 16 * 1024);
        if (invalid is not null) return invalid;
        var ct = http.RequestAborted;
        var errors = new FieldErrors();
        var name = request!.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "is required.");
        else if (name.Length > 200) errors.Add("name", "is longer than 200 characters.");
        var fromSightings = request.Kind is Audience.TelecomSeen or Audience.Devices;
        var fromAudiences = request.Kind is Audience.Union or Audience.Difference;
        if (request.Kind is null) errors.Add("kind", "is required: telecom-seen, devices, union or difference.");
        else if (!fromSightings && !fromAudiences) errors.Add("kind", "must be telecom-seen, devices, union or difference.");
        var provinceCode = request.ProvinceCode?.Trim();
        var of = request.Of ?? [];
        if (fromSightings)
        {
            if (string.IsNullOrEmpty(provinceCode)) errors.Add("provinceCode", "is required for this kind (e.g. 22 for Quảng Ninh).");
            else if (!ProvinceCatalogue.BuiltIn.Provinces34.ContainsKey(provinceCode))
                errors.Add("provinceCode", "is not one of the 34 province codes in force since 2025-07-01 (e.g. 22 for Quảng Ninh).");
            if (request.Days is null) errors.Add("days", "is required for this kind (1-365).");
            else if (request.Days is < 1 or > 365) errors.Add("days", "must be between 1 and 365.");
            if (request.Of is not null) errors.Add("of", "applies only to union and difference.");
        }
        if (fromAudiences)
        {
            if (of.Length is < 2 or > MaxOf) errors.Add("of", $"must list 2 to {MaxOf} audience ids.");
            else if (of.Distinct().Count() != of.Length) errors.Add("of", "lists an audience twice.");
            else
            {
                var found = await db.Audiences.AsNoTracking().Where(a => of.Contains(a.AudienceId))
                    .Select(a => new { a.AudienceId, a.Status }).ToDictionaryAsync(a => a.AudienceId, a => a.Status, ct);
                var unknown = of.Where(id => !found.ContainsKey(id)).ToList();
                var notReady = of.Where(id => found.TryGetValue(id, out var status) && status != Audience.Ready).ToList();
                if (unknown.Count > 0) errors.Add("of", $"names no audience: {string.Join(", ", unknown)}.");
                if (notReady.Count > 0) errors.Add("of", $"names an audience that is not ready: {string.Join(", ", notReady)}.");
            }
            if (request.ProvinceCode is not null) errors.Add("provinceCode", "applies only to telecom-seen and devices.");
            if (request.Days is not null) errors.Add("days", "applies only to telecom-seen and devices.");
        }
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow();
        var audience = new Audience
        {
            AudienceId = Guid.CreateVersion7(), Name = name!, Kind = request.Kind!, Status = Audience.Importing, ProvinceCode = fromSightings ? provinceCode : null,
            Days = fromSightings ? request.Days : null, Of = fromAudiences ? string.Join(",", of) : null, CreatedAtMs = now.ToUnixTimeMilliseconds(),
        };
        db.Audiences.Add(audience);
        await db.SaveChangesAsync(ct);
        int members;
        try
        {
            members = await builder.FillAsync(audience, of, (now - TimeSpan.FromDays(request.Days ?? 0)).ToUnixTimeMilliseconds(), ct);
        }
        catch
        {
            await FailAsync(db, audience.AudienceId);
            throw;
        }
        return TypedResults.Created($"/api/v1/audiences/{audience.AudienceId}", new BuiltAudience(audience.AudienceId, audience.Name, audience.Kind, members));
    }

    private static async Task<Results<Ok<AudienceView>, ProblemHttpResult>> GetAsync(string id, NotifierDb db, CancellationToken ct)
    {
        var audience = Guid.TryParse(id, out var audienceId) ? await db.Audiences.AsNoTracking().FirstOrDefaultAsync(a => a.AudienceId == audienceId, ct) : null;
        return audience is null
            ? Problem.Status(StatusCodes.Status404NotFound, "No such audience", $"There is no audience {id}.")
            : TypedResults.Ok(View(audience));
    }

    private static async Task<Results<Ok<AudienceList>, ProblemHttpResult>> ListAsync(NotifierDb db, int? limit, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 500) return Problem.Invalid("limit", "must be between 1 and 500.");
        var rows = await db.Audiences.AsNoTracking().OrderByDescending(a => a.CreatedAtMs).ThenByDescending(a => a.AudienceId).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new AudienceList(rows.Select(View).ToArray()));
    }

    private static AudienceView View(Audience a) => new(a.AudienceId, a.Name, a.Kind, a.Status, a.Members, a.Rejected,
        DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAtMs), a.ProvinceCode, a.Days, a.Of?.Split(',').Select(Guid.Parse).ToArray());

    /// <summary>An upload or a build that broke off: the audience says so and keeps no members, so no campaign can use half a list.</summary>
    private static async Task FailAsync(NotifierDb db, Guid audienceId)
    {
        await db.AudienceMembers.Where(m => m.AudienceId == audienceId).ExecuteDeleteAsync(CancellationToken.None);
        await db.Audiences.Where(a => a.AudienceId == audienceId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, Audience.Failed)
            .SetProperty(a => a.Members, 0), CancellationToken.None);
    }

    private static ProblemHttpResult Refused(CsvUploadException e) => e.Status == StatusCodes.Status413PayloadTooLarge
        ? TooLarge()
        : Problem.Invalid(e.Field, e.Message);

    private static ProblemHttpResult TooLarge() => Problem.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large",
        $"The file may be at most {MaxUploadBytes / (1024 * 1024)} MB.");
}
