using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Geofence.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Policy;

/// <summary>
/// /api/v1/policy: quiet hours, frequency caps, reminders and the app to install. Versioned: every PUT is a new
/// version of the whole policy (a partial one is refused, naming what is missing), the old ones are listed.
/// </summary>
public static class PolicyApi
{
    public sealed record PolicyVersionView(int Version, DateTime? SavedAt, string? Note);
    public sealed record PolicyVersionList(PolicyVersionView[] Items);

    public static RouteGroupBuilder MapPolicy(this RouteGroupBuilder api)
    {
        var policy = api.MapGroup("/policy").RequireApiKey(ApiCallerKind.Admin).WithTags("Policy");
        policy.MapGet("", Get).WithName("GetPolicy")
            .WithSummary("The messaging policy in force (the built-in defaults, version 0, until one is saved).");
        policy.MapPut("", Put).Accepts<PolicyDocument>("application/json").ProducesProblem(StatusCodes.Status409Conflict).WithName("SavePolicy")
            .WithSummary("Saves the whole policy as a new version; version is ignored; durations ISO 8601, times HH:mm.");
        policy.MapGet("/versions", Versions).WithName("ListPolicyVersions").WithSummary("Every saved version, newest first.");
        policy.MapGet("/versions/{version:int}", GetVersion).WithName("GetPolicyVersion").WithSummary("One saved version, to read or save again.");
        return api;
    }

    private static async Task<Ok<PolicyDocument>> Get(PolicyHistory history, CancellationToken ct) =>
        TypedResults.Ok(PolicyDocument.From(await history.InForceAsync(ct)));

    private static async Task<Results<Ok<PolicyDocument>, ProblemHttpResult>> GetVersion(int version, PolicyHistory history, CancellationToken ct) =>
        await history.VersionAsync(version, ct) is { } policy
            ? TypedResults.Ok(PolicyDocument.From(policy))
            : Problem.Status(StatusCodes.Status404NotFound, "No such policy version", $"No policy version {version} was saved.");

    private static async Task<Results<Ok<PolicyDocument>, ProblemHttpResult>> Put(HttpContext http, PolicyHistory history)
    {
        var (document, invalid) = await JsonBody.ReadAsync<PolicyDocument>(http, 32 * 1024);
        if (invalid is not null) return invalid;
        var errors = new FieldErrors();
        var policy = document!.ToPolicy(0, errors);
        if (policy is null) return errors.ToProblem();
        if (PolicyRules.Validate(policy) is { } problem) return Problem.Invalid(problem.Field, problem.Message);

        try
        {
            var saved = await history.SaveAsync(policy, Editors.Of(http), http.RequestAborted);
            return TypedResults.Ok(PolicyDocument.From(saved));
        }
        catch (DbUpdateException)
        {
            return Problem.Status(StatusCodes.Status409Conflict, "Concurrent change", "Another policy was saved at the same moment; try again.");
        }
    }

    private static async Task<Ok<PolicyVersionList>> Versions(AdminDb db, CancellationToken ct) =>
        TypedResults.Ok(new PolicyVersionList(await db.Policies.AsNoTracking().OrderByDescending(p => p.Version)
            .Select(p => new PolicyVersionView(p.Version, p.SavedAt, p.Note)).ToArrayAsync(ct)));
}
