using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geofence.Contracts;
using Geofence.Testing;
using static Geofence.Host.Tests.CheckInApiTests;
using static Geofence.Host.Tests.TemplatesApiTests;

namespace Geofence.Host.Tests;

/// <summary>/api/v1/policy: quiet hours, caps, reminders and the app, versioned; the whole policy on every save.</summary>
public sealed class PolicyApiTests : IAsyncLifetime
{
    private const string Saved = """
        {"version":99,"note":"Decree 91/2020/ND-CP art. 12","app":{"name":"PC-Covid","androidUrl":"https://play.google.com/store/apps/details?id=vn.pccovid","iosUrl":"https://apps.apple.com/vn/app/id1563954145"},
         "quietHours":{"start":"21:30","end":"07:00","timeZone":"Asia/Ho_Chi_Minh","channels":["sms","zalo","push"],"triggers":["reminder"]},
         "caps":{"per24Hours":2,"per30Days":5},"reminders":{"after":"PT5S","max":3,"visitEndsAfter":"P1DT12H"}}
        """;

    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Until_one_is_saved_the_default_policy_is_in_force_as_version_0_in_the_documented_shape()
    {
        var policy = await GetAsync("/api/v1/policy");

        Assert.Equal(["version", "note", "app", "quietHours", "caps", "reminders"], Names(policy));
        Assert.Equal(["name", "androidUrl", "iosUrl"], Names(policy.GetProperty("app")));
        Assert.Equal(["start", "end", "timeZone", "channels", "triggers"], Names(policy.GetProperty("quietHours")));
        Assert.Equal(["per24Hours", "per30Days"], Names(policy.GetProperty("caps")));
        Assert.Equal(["after", "max", "visitEndsAfter"], Names(policy.GetProperty("reminders")));
        Assert.Equal(0, policy.GetProperty("version").GetInt32());
        Assert.Equal("Bluezone", policy.GetProperty("app").GetProperty("name").GetString());
        Assert.Equal("""{"start":"22:00","end":"07:00","timeZone":"Asia/Ho_Chi_Minh","channels":["sms","zalo"],"triggers":["reminder","campaign"]}""",
            policy.GetProperty("quietHours").GetRawText());
        Assert.Equal("""{"per24Hours":3,"per30Days":6}""", policy.GetProperty("caps").GetRawText());
        Assert.Equal("""{"after":"P2D","max":2,"visitEndsAfter":"P3D"}""", policy.GetProperty("reminders").GetRawText());
    }

    [Fact]
    public async Task A_saved_policy_is_the_next_version_round_trips_its_durations_and_is_announced()
    {
        var first = await PutAsync(Saved);
        var second = await PutAsync(Saved.Replace("\"max\":3", "\"max\":1").Replace("art. 12", "art. 13"));

        Assert.Equal((1, 2), (first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32()));
        var inForce = await GetAsync("/api/v1/policy");
        Assert.Equal(second.GetRawText(), inForce.GetRawText());
        Assert.Equal("""{"after":"PT5S","max":1,"visitEndsAfter":"P1DT12H"}""", inForce.GetProperty("reminders").GetRawText());
        Assert.Equal("21:30", inForce.GetProperty("quietHours").GetProperty("start").GetString());
        var versions = (await GetAsync("/api/v1/policy/versions")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([(2, "Decree 91/2020/ND-CP art. 13"), (1, "Decree 91/2020/ND-CP art. 12")],
            versions.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("note").GetString())));
        Assert.Equal(3, (await GetAsync("/api/v1/policy/versions/1")).GetProperty("reminders").GetProperty("max").GetInt32());

        var announced = await Announced<MessagingPolicyChanged>(app.Services);
        Assert.Equal([1, 2], announced.Select(a => a.Policy.Version));
        Assert.Equal((TimeSpan.FromSeconds(5), new TimeOnly(21, 30), "PC-Covid"),
            (announced[^1].Policy.Reminders.After, announced[^1].Policy.QuietHours.Start, announced[^1].Policy.App.Name));
    }

    [Theory]
    [InlineData("reminders.after", null)]
    [InlineData("reminders", null)]
    [InlineData("caps.per30Days", null)]
    [InlineData("app.iosUrl", null)]
    [InlineData("quietHours.timeZone", "\"Mars/Olympus_Mons\"")]
    [InlineData("quietHours.start", "\"25:00\"")]
    [InlineData("quietHours.channels", "[\"fax\"]")]
    [InlineData("reminders.after", "\"2 days\"")]
    [InlineData("reminders.visitEndsAfter", "\"-P1D\"")]
    [InlineData("caps.per24Hours", "0")]
    public async Task A_partial_or_wrong_policy_is_400_naming_the_field(string field, string? value)
    {
        var policy = JsonNode.Parse(Saved)!.AsObject();
        var path = field.Split('.');
        var parent = path.Length == 1 ? policy : policy[path[0]]!.AsObject();
        if (value is null) parent.Remove(path[^1]);
        else parent[path[^1]] = JsonNode.Parse(value);

        var problem = await AssertProblemAsync(await PutRawAsync(policy.ToJsonString()), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await GetAsync("/api/v1/policy")).GetProperty("version").GetInt32());
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = api.Admin(HttpMethod.Get, path);
        return await ReadOkAsync(await api.Ingest.SendAsync(request));
    }

    private async Task<JsonElement> PutAsync(string body) => await ReadOkAsync(await PutRawAsync(body));

    private async Task<HttpResponseMessage> PutRawAsync(string body)
    {
        using var request = api.Admin(HttpMethod.Put, "/api/v1/policy");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await api.Ingest.SendAsync(request);
    }
}
