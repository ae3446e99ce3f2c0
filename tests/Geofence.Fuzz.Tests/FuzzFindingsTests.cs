using Geofence.Host.Tests;

namespace Geofence.Fuzz.Tests;

/// <summary>What the fuzzer found, each pinned down by a test that does not depend on the seed.</summary>
[Collection(FuzzRun.OneAtATime)]
public sealed class FuzzFindingsTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Rolling_a_template_back_to_the_built_in_text_twenty_times_at_once_answers_200_or_409_never_500()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", app.AdminKey);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await client.PostAsync("/api/v1/templates/sms/vi/rollback/0", null, TestContext.Current.CancellationToken);
            return (int)response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 409 }));
    }
}
