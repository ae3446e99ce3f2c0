using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Geofence.Testing;

public sealed record AudienceRejection(int Line, string Reason);

public sealed record AudienceUploaded(Guid AudienceId, string Name, int Accepted, AudienceRejection[] Rejected, int RejectedCount,
    bool RejectedTruncated);

public sealed record AudienceView(Guid AudienceId, string Name, string Kind, string Status, int Members, int Rejected, DateTimeOffset CreatedAt);

public sealed record CampaignRoundView(int Round, string Status, DateTimeOffset? DueAt, int Planned, int Pending, int Queued, int Sent,
    int Delivered, int Failed, Dictionary<string, int>? Suppressed, DateTimeOffset? EstimatedFinish)
{
    public int SuppressedTotal => Suppressed?.Values.Sum() ?? 0;

    /// <summary>People of the round with an outcome: sent (or delivered), failed or suppressed.</summary>
    public int Settled => Sent + Delivered + Failed + SuppressedTotal;
}

public sealed record CampaignView(Guid CampaignId, string Name, Guid AudienceId, string ProvinceCode, string[] Channels, string Status,
    string? StatusReason, DateTimeOffset StartAt, string? RepeatEvery, int? MaxRounds, DateTimeOffset? EndAt, int? MaxSmsPartsPerDay,
    CampaignRoundView[] Rounds, long? SmsParts, decimal? EstimatedCost, string? Currency)
{
    public CampaignRoundView? Round(int round) => Rounds.FirstOrDefault(r => r.Round == round);
}

/// <summary>One person of an uploaded audience, as a CSV row <c>phone,language,name</c>.</summary>
public sealed record AudiencePerson(string Phone, string Language = "vi", string? Name = null);

/// <summary>
/// The Notifier's audience and campaign API (<c>/api/v1/audiences</c>, <c>/api/v1/campaigns</c>), with the admin key.
/// In the embedded Host it is on the one port; in production the Notifier has its own address.
/// </summary>
public sealed class CampaignApi(HttpClient notifier, string adminKey)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Client => notifier;

    /// <summary>The CSV the department uploads: a header row, then one person a line.</summary>
    public static string Csv(IEnumerable<AudiencePerson> people)
    {
        var csv = new StringBuilder("phone,language,name\n");
        foreach (var p in people) csv.Append(p.Phone).Append(',').Append(p.Language).Append(',').Append(p.Name).Append('\n');
        return csv.ToString();
    }

    public Task<HttpResponseMessage> PostAudienceAsync(string name, HttpContent csv)
    {
        var request = Request(HttpMethod.Post, $"/api/v1/audiences?name={Uri.EscapeDataString(name)}");
        request.Content = csv;
        return notifier.SendAsync(request);
    }

    /// <summary>Uploads <paramref name="people"/> as a list audience and asserts it was created.</summary>
    public Task<AudienceUploaded> UploadAudienceAsync(string name, IEnumerable<AudiencePerson> people) =>
        UploadAudienceAsync(name, new StringContent(Csv(people), Encoding.UTF8, "text/csv"));

    public async Task<AudienceUploaded> UploadAudienceAsync(string name, HttpContent csv)
    {
        using var response = await PostAudienceAsync(name, csv);
        return await ReadAsync<AudienceUploaded>(response, HttpStatusCode.Created, "POST /api/v1/audiences");
    }

    public async Task<AudienceView> AudienceAsync(Guid audienceId)
    {
        using var response = await notifier.SendAsync(Request(HttpMethod.Get, $"/api/v1/audiences/{audienceId}"));
        return await ReadAsync<AudienceView>(response, HttpStatusCode.OK, $"GET /api/v1/audiences/{audienceId}");
    }

    public Task<HttpResponseMessage> PostCampaignAsync(object campaign)
    {
        var request = Request(HttpMethod.Post, "/api/v1/campaigns");
        request.Content = JsonContent.Create(campaign);
        return notifier.SendAsync(request);
    }

    /// <summary>Creates a campaign (the body as the API takes it) and returns its id.</summary>
    public async Task<Guid> CreateCampaignAsync(object campaign)
    {
        using var response = await PostCampaignAsync(campaign);
        var created = await ReadAsync<JsonElement>(response, HttpStatusCode.Created, "POST /api/v1/campaigns");
        return created.GetProperty("campaignId").GetGuid();
    }

    /// <summary>A campaign to the whole audience now: one round, or <paramref name="maxRounds"/> every <paramref name="repeatEvery"/>.</summary>
    public Task<Guid> CreateCampaignAsync(Guid audienceId, string provinceCode = "01", string[]? channels = null,
        TimeSpan? repeatEvery = null, int? maxRounds = null, DateTimeOffset? startAt = null, string name = "Cài Bluezone") =>
        CreateCampaignAsync(new
        {
            name,
            audienceId,
            provinceCode,
            channels = channels ?? ["zalo", "sms"],
            startAt = (startAt ?? DateTimeOffset.UtcNow).ToString("O"),
            repeatEvery = repeatEvery?.ToString("c"),
            maxRounds,
        });

    public async Task<CampaignView> CampaignAsync(Guid campaignId)
    {
        using var response = await notifier.SendAsync(Request(HttpMethod.Get, $"/api/v1/campaigns/{campaignId}"));
        return await ReadAsync<CampaignView>(response, HttpStatusCode.OK, $"GET /api/v1/campaigns/{campaignId}");
    }

    public Task<HttpResponseMessage> PostTransitionAsync(Guid campaignId, string transition) =>
        notifier.SendAsync(Request(HttpMethod.Post, $"/api/v1/campaigns/{campaignId}/{transition}"));

    public Task<CampaignView> PauseAsync(Guid campaignId) => TransitionAsync(campaignId, "pause");

    public Task<CampaignView> ResumeAsync(Guid campaignId) => TransitionAsync(campaignId, "resume");

    public Task<CampaignView> CancelAsync(Guid campaignId) => TransitionAsync(campaignId, "cancel");

    private async Task<CampaignView> TransitionAsync(Guid campaignId, string transition)
    {
        using var response = await PostTransitionAsync(campaignId, transition);
        return await ReadAsync<CampaignView>(response, HttpStatusCode.OK, $"POST /api/v1/campaigns/{campaignId}/{transition}");
    }

    /// <summary>Waits until the campaign has <paramref name="status"/>; fails at once if it ends (done, cancelled) otherwise.</summary>
    public Task<CampaignView> WaitForStatusAsync(Guid campaignId, string status, TimeSpan within) =>
        WaitForAsync(campaignId, c => c.Status == status, $"campaign {campaignId} to be {status}", within);

    /// <summary>Waits until round <paramref name="round"/> of the campaign exists and satisfies <paramref name="done"/>.</summary>
    public Task<CampaignView> WaitForRoundAsync(Guid campaignId, int round, Func<CampaignRoundView, bool> done, string what, TimeSpan within) =>
        WaitForAsync(campaignId, c => c.Round(round) is { } r && done(r), $"round {round} of campaign {campaignId}: {what}", within);

    /// <summary>
    /// Polls the campaign until <paramref name="done"/>, for at most <paramref name="within"/>; the failure names what it
    /// waited for and the campaign as last seen. A campaign that ended (done or cancelled) without it fails at once.
    /// </summary>
    public async Task<CampaignView> WaitForAsync(Guid campaignId, Func<CampaignView, bool> done, string what, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        CampaignView? last = null;
        while (true)
        {
            try
            {
                last = await CampaignAsync(campaignId);
                if (done(last)) return last;
                if (last.Status is "done" or "cancelled")
                    Assert.Fail($"Waiting for {what}, the campaign ended instead: {JsonSerializer.Serialize(last, Json)}");
            }
            catch (HttpRequestException) when (clock.Elapsed < within) { } // the process is restarting
            catch (TaskCanceledException) when (clock.Elapsed < within) { }
            if (clock.Elapsed > within)
                Assert.Fail($"Timed out after {within.TotalSeconds:N0} s waiting for {what}; last seen: {JsonSerializer.Serialize(last, Json)}");
            await Task.Delay(250);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", adminKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what} answered {(int)response.StatusCode} {response.StatusCode}, not {(int)expected}: {body}");
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            Assert.Fail($"{what} answered a body this client cannot read ({e.Message}): {body}");
            throw;
        }
    }
}
