using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Notifier;
using Geofence.Notifier.Audiences;
using Geofence.Notifier.Rules;
using Geofence.Privacy;
using Geofence.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Host.Tests;

/// <summary>/api/v1/campaigns through the embedded host: create, watch, pause, resume, cancel, export; bad requests named.</summary>
public sealed class CampaignsApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        // Quiet hours off, so that the test does not depend on the hour it runs at.
        var rules = app.Services.GetRequiredService<MessagingRulesHolder>();
        rules.Apply(rules.Current.Policy with { Version = 1_000, QuietHours = rules.Current.Policy.QuietHours with { Channels = [] } });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    /// <summary>A ready audience written as the audience API writes it.</summary>
    private async Task<Guid> AudienceAsync(params (string Phone, string? Name)[] people)
    {
        var audienceId = Guid.NewGuid();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
        var (cipher, keys) = (scope.ServiceProvider.GetRequiredService<FieldCipher>(), scope.ServiceProvider.GetRequiredService<PersonKeys>());
        db.Audiences.Add(new Audience { AudienceId = audienceId, Name = "residents", Kind = Audience.Upload, Status = Audience.Ready, Members = people.Length });
        for (var i = 0; i < people.Length; i++)
            db.AudienceMembers.Add(new AudienceMember
            {
                AudienceId = audienceId, Seq = i + 1, PersonKey = keys.ForPhone(people[i].Phone), Phone = cipher.Protect(people[i].Phone)!,
                Name = cipher.Protect(people[i].Name), Language = "vi", Line = i + 2,
            });
        await db.SaveChangesAsync();
        return audienceId;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = api.Admin(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await app.CreateClient().SendAsync(request);
    }

    private static object Campaign(Guid audienceId, string startAt = "2026-01-01T08:00:00+07:00") => new
    {
        name = "Cài Bluezone", audienceId, provinceCode = "22", channels = new[] { "zalo", "sms" }, startAt,
    };

    private async Task<JsonElement> CampaignAsync(string location)
    {
        using var response = await SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> TransitionAsync(string location, string action, HttpStatusCode expected)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{location}/{action}");
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_campaign_started_in_the_past_is_planned_and_released_at_once_and_can_be_paused_resumed_and_cancelled()
    {
        var audienceId = await AudienceAsync(("+84901000001", "An"), ("+84901000002", "Bình"), ("+84901000003", null));

        using var created = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", Campaign(audienceId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetGuid();
        var location = created.Headers.Location!.ToString();
        Assert.Equal($"/api/v1/campaigns/{campaignId}", location);

        var view = await GeofenceApi.EventuallyAsync(() => CampaignAsync(location),
            v => v.GetProperty("rounds") is { ValueKind: JsonValueKind.Array } rounds && rounds.GetArrayLength() == 1
                 && rounds[0].GetProperty("planned").GetInt32() == 3 && rounds[0].GetProperty("pending").GetInt32() == 0,
            "the first round planned and released");
        Assert.Equal(("Cài Bluezone", "22", "VND"), (view.GetProperty("name").GetString(), view.GetProperty("provinceCode").GetString(),
            view.GetProperty("currency").GetString()));
        Assert.Equal(["zalo", "sms"], view.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.True(view.GetProperty("estimatedCost").GetDecimal() > 0);

        Assert.Equal(("paused", JsonValueKind.Null), await StatusAsync(TransitionAsync(location, "pause", HttpStatusCode.OK)));
        Assert.Equal(409, (await TransitionAsync(location, "pause", HttpStatusCode.Conflict)).GetProperty("status").GetInt32());
        Assert.Equal("running", (await TransitionAsync(location, "resume", HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await TransitionAsync(location, "cancel", HttpStatusCode.OK)).GetProperty("status").GetString());
        await TransitionAsync(location, "resume", HttpStatusCode.Conflict);
        using var unknown = await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{Guid.NewGuid()}/pause");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var list = await SendAsync(HttpMethod.Get, "/api/v1/campaigns");
        Assert.Contains((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray(),
            c => c.GetProperty("campaignId").GetGuid() == campaignId);
    }

    private static async Task<(string?, JsonValueKind)> StatusAsync(Task<JsonElement> view)
    {
        var v = await view;
        return (v.GetProperty("status").GetString(), v.GetProperty("statusReason").ValueKind);
    }

    [Fact]
    public async Task A_campaign_in_the_future_stays_scheduled_and_resumes_to_scheduled()
    {
        var audienceId = await AudienceAsync(("+84901000011", null));
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", Campaign(audienceId, "2099-01-01T08:00:00+07:00"));
        var location = created.Headers.Location!.ToString();

        Assert.Equal("scheduled", (await CampaignAsync(location)).GetProperty("status").GetString());
        await TransitionAsync(location, "pause", HttpStatusCode.OK);
        Assert.Equal("scheduled", (await TransitionAsync(location, "resume", HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_campaign_shows_its_own_texts_in_the_shape_they_were_given_so_they_can_be_posted_again()
    {
        var audienceId = await AudienceAsync(("+84901000012", null));
        var texts = new Dictionary<string, object>
        {
            ["sms"] = new Dictionary<string, string> { ["vi"] = "Hay cai Bluezone: {installLink} Tu choi: {optOutLink}" },
            ["push"] = new Dictionary<string, object> { ["en"] = new { title = "Bluezone", text = "Please install Bluezone." } },
        };
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new
        {
            name = "Own texts", audienceId, provinceCode = "22", channels = new[] { "push", "sms" }, startAt = "2099-01-01T08:00:00+07:00", texts,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var shown = (await CampaignAsync(created.Headers.Location!.ToString())).GetProperty("texts");

        Assert.Equal("Hay cai Bluezone: {installLink} Tu choi: {optOutLink}", shown.GetProperty("sms").GetProperty("vi").GetProperty("text").GetString());
        Assert.Equal(("Bluezone", "Please install Bluezone."),
            (shown.GetProperty("push").GetProperty("en").GetProperty("title").GetString(), shown.GetProperty("push").GetProperty("en").GetProperty("text").GetString()));
        using var again = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new
        {
            name = "Own texts again", audienceId, provinceCode = "22", channels = new[] { "push", "sms" }, startAt = "2099-01-01T08:00:00+07:00", texts = shown,
        });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(shown.GetRawText(), (await CampaignAsync(again.Headers.Location!.ToString())).GetProperty("texts").GetRawText());

        using var withoutTexts = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", Campaign(audienceId, "2099-01-01T08:00:00+07:00"));
        Assert.Equal(JsonValueKind.Null, (await CampaignAsync(withoutTexts.Headers.Location!.ToString())).GetProperty("texts").ValueKind);
    }

    [Fact]
    public async Task Bad_campaigns_are_refused_naming_every_field_at_fault()
    {
        var importing = Guid.NewGuid();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
            db.Audiences.Add(new Audience { AudienceId = importing, Name = "half", Kind = Audience.Upload, Status = Audience.Importing });
            await db.SaveChangesAsync();
        }

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new
        {
            name = "", audienceId = Guid.NewGuid(), provinceCode = "01x", channels = new[] { "sms", "fax" }, startAt = "tomorrow",
            repeatEvery = "00:00:01", maxRounds = 0, maxSmsPartsPerDay = 0,
            texts = new Dictionary<string, object> { ["sms"] = new Dictionary<string, string> { ["xx"] = "hi", ["vi"] = "no opt-out link" }, ["fax"] = new { } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "audienceId", "provinceCode", "channels", "startAt", "repeatEvery", "maxRounds", "maxSmsPartsPerDay",
                     "texts.sms.xx", "texts.sms.vi", "texts.fax" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} is not named in {errors}");

        using var notReady = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", Campaign(importing));
        Assert.Contains("not ready", (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("audienceId")[0].GetString());

        using var endsFirst = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new
        {
            name = "x", audienceId = importing, provinceCode = "22", channels = new[] { "sms", "sms" }, startAt = "2026-12-02T08:00:00+07:00",
            endAt = "2026-12-01T08:00:00+07:00",
        });
        var endErrors = (await endsFirst.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(endErrors.TryGetProperty("endAt", out _));
        Assert.Contains("twice", endErrors.GetProperty("channels")[0].GetString());

        using var notJson = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new { audienceId = "not-a-guid" });
        Assert.True((await notJson.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("audienceId", out _));
    }

    [Fact]
    public async Task The_recipients_export_masks_phones_and_defuses_a_formula_in_a_name()
    {
        const string formula = "=HYPERLINK(\"http://evil.example\",\"Click\")";
        var audienceId = await AudienceAsync(("+84901000021", formula), ("+84901000022", "Chi, Lan"));
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", Campaign(audienceId));
        var location = created.Headers.Location!.ToString();
        await GeofenceApi.EventuallyAsync(() => CampaignAsync(location),
            v => v.GetProperty("rounds").GetArrayLength() == 1 && v.GetProperty("rounds")[0].GetProperty("pending").GetInt32() == 0
                 && v.GetProperty("rounds")[0].GetProperty("planned").GetInt32() == 2, "the round released");

        using var response = await SendAsync(HttpMethod.Get, $"{location}/recipients.csv?round=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("round,phone,name,language,status,reason,channel,sentAt", lines[0]);
        Assert.StartsWith("1,'+84***21,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",vi,", lines[1]);
        Assert.StartsWith("1,'+84***22,\"Chi, Lan\",vi,", lines[2]);
        Assert.DoesNotContain("901000021", string.Join('\n', lines));

        using var unknown = await SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{Guid.NewGuid()}/recipients.csv");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Campaigns_need_the_admin_key()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/campaigns");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_campaign_reaching_its_spend_guard_pauses_itself_and_readiness_is_degraded_naming_it_until_resumed()
    {
        var audienceId = await AudienceAsync(("+84901000031", null), ("+84901000032", null), ("+84901000033", null));
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new
        {
            name = "guarded", audienceId, provinceCode = "22", channels = new[] { "sms" }, startAt = "2026-01-01T08:00:00+07:00", maxSmsPartsPerDay = 1,
        });
        var location = created.Headers.Location!.ToString();
        var campaignId = location.Split('/')[^1];

        var view = await GeofenceApi.EventuallyAsync(() => CampaignAsync(location), v => v.GetProperty("status").GetString() == "paused",
            "the spend guard to pause the campaign");
        Assert.Equal("spend-guard", view.GetProperty("statusReason").GetString());
        var report = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var check = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "campaigns");
        Assert.Contains(campaignId, check.GetProperty("description").GetString());

        var resumed = await TransitionAsync(location, "resume", HttpStatusCode.OK);
        Assert.Equal(("running", JsonValueKind.Null), (resumed.GetProperty("status").GetString(), resumed.GetProperty("statusReason").ValueKind));
    }
}
