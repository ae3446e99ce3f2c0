using System.Diagnostics;
using System.Net;

namespace Geofence.Fuzz.Tests;

/// <summary>
/// Hostile requests generated from /openapi/v1.json for every operation: every answer is a 2xx or a 4xx problem, never
/// a 5xx; each status is one the document lists; the process lives on and stays small. A failure prints the run's
/// seed and each offending request's own seed (<c>FUZZ_SEED=... dotnet test</c> replays the run).
/// </summary>
[Collection(FuzzRun.OneAtATime)]
public sealed class OpenApiFuzzTests(FuzzRun run) : IClassFixture<FuzzRun>
{
    [Fact]
    public void The_run_sends_at_least_10000_requests_covering_every_operation()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(run.Report);

        Assert.True(run.Requests >= FuzzRun.MinimumRequests, run.Report);
        Assert.Equal(run.Operations.Select(o => o.Name).Order(StringComparer.Ordinal), run.Statuses.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_request_gets_a_5xx_or_anything_but_a_2xx_or_a_4xx() =>
        Assert.True(run.ServerErrors.IsEmpty, Findings(run.ServerErrors));

    [Fact]
    public void Every_4xx_with_a_body_is_a_problem_document_with_status_and_title() =>
        Assert.True(run.NotProblems.IsEmpty, Findings(run.NotProblems));

    [Fact]
    public void Every_status_an_operation_answers_is_listed_in_the_document() =>
        Assert.True(run.Undocumented.IsEmpty, Findings(run.Undocumented, distinct: true));

    [Fact]
    public async Task After_the_run_the_process_is_alive_and_its_working_set_below_1_5_GB()
    {
        using var live = await run.App.CreateClient().GetAsync("/health/live", TestContext.Current.CancellationToken);
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        TestContext.Current.TestOutputHelper?.WriteLine($"working set {workingSet / (1024 * 1024)} MB; peak during the run {run.PeakWorkingSet / (1024 * 1024)} MB");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(run.PeakWorkingSet < FuzzRun.WorkingSetBound, $"peak working set {run.PeakWorkingSet / (1024 * 1024)} MB");
        Assert.True(workingSet < FuzzRun.WorkingSetBound, $"working set {workingSet / (1024 * 1024)} MB");
    }

    private string Findings(IEnumerable<Finding> findings, bool distinct = false)
    {
        var list = distinct ? findings.DistinctBy(f => (f.Operation, f.Status)).ToList() : findings.Take(40).ToList();
        return $"FUZZ_SEED={run.Seed}: {list.Count} findings\n" + string.Join("\n", list.OrderBy(f => f.Operation, StringComparer.Ordinal).Select(f =>
            $"{f.Operation} [{f.Mutation}, {f.Caller} key, request seed {f.Seed}] → {f.Status}: {f.Request}\n    {f.Answer}"));
    }
}
