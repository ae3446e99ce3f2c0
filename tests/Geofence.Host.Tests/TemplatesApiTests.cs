using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Geofence.Admin;
using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>/api/v1/templates: the department's texts per purpose, channel and language, versioned, with a preview.</summary>
public sealed partial class TemplatesApiTests : IAsyncLifetime
{
    private static readonly string[] Languages = ["vi", "en", "zh-Hans", "zh-Hant", "ko", "ja", "th", "ru", "fr", "de", "es", "ms", "id", "km", "lo"];
    private const string KoreanSms = "{greetingName}님, {provinceName}에 오신 것을 환영합니다. {appName} 설치: {installLink} 수신거부: {optOutLink}";
    private const string ShorterKoreanSms = "[{greetingName}님, ]{provinceName} 방문 환영. {appName}: {installLink} 수신거부: {optOutLink}";

    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task The_list_has_a_built_in_template_on_every_channel_in_all_15_languages()
    {
        var items = (await GetAsync("/api/v1/templates")).GetProperty("items").EnumerateArray().ToArray();

        foreach (var language in Languages)
            foreach (var channel in new[] { "push", "sms", "zalo" })
            {
                var item = Assert.Single(items, i => Is(i, "arrival", channel, language));
                Assert.Equal((0, true), (item.GetProperty("version").GetInt32(), item.GetProperty("builtIn").GetBoolean()));
            }
        var sms = (await GetAsync("/api/v1/templates?channel=sms&language=ko")).GetProperty("items").EnumerateArray().ToArray();
        Assert.NotEmpty(sms);
        Assert.All(sms, i => Assert.Equal(("sms", "ko"), (i.GetProperty("channel").GetString(), i.GetProperty("language").GetString())));
        Assert.All(sms, i => Assert.Contains("{optOutLink}", i.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Every_save_is_a_new_version_the_old_ones_are_listed_and_a_rollback_saves_a_copy_of_one()
    {
        var first = await PutAsync("/api/v1/templates/sms/ko", new { text = KoreanSms, keepDiacritics = false });
        var second = await PutAsync("/api/v1/templates/sms/ko?purpose=arrival", new { text = ShorterKoreanSms });
        Assert.Equal((1, 2), (first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32()));
        Assert.Equal(("sms", "ko", "arrival", false), (second.GetProperty("channel").GetString(), second.GetProperty("language").GetString(),
            second.GetProperty("purpose").GetString(), second.GetProperty("builtIn").GetBoolean()));

        var inForce = await GetAsync("/api/v1/templates/sms/ko");
        Assert.Equal((2, ShorterKoreanSms), (inForce.GetProperty("version").GetInt32(), inForce.GetProperty("text").GetString()));
        Assert.Equal([2, 1], inForce.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var listed = Assert.Single((await GetAsync("/api/v1/templates?channel=sms&language=ko&purpose=arrival")).GetProperty("items").EnumerateArray());
        Assert.Equal(2, listed.GetProperty("version").GetInt32());

        using var rollback = api.Admin(HttpMethod.Post, "/api/v1/templates/sms/ko/rollback/1");
        var third = await ReadOkAsync(await api.Ingest.SendAsync(rollback));
        Assert.Equal((3, KoreanSms), (third.GetProperty("version").GetInt32(), third.GetProperty("text").GetString()));
        using var unknown = api.Admin(HttpMethod.Post, "/api/v1/templates/sms/ko/rollback/9");
        await AssertProblemAsync(await api.Ingest.SendAsync(unknown), HttpStatusCode.NotFound);

        // Each change told the Notifiers the whole saved set, under a set version that only grows.
        var announced = await AnnouncedAsync<MessageTemplatesChanged>();
        Assert.Equal([1, 2, 3], announced.Select(a => a.Version));
        var last = Assert.Single(announced[^1].Templates);
        Assert.Equal(("arrival", "sms", "ko", 3, KoreanSms), (last.Purpose, last.Channel, last.Language, last.Version, last.Text));

        // Without a text, the preview renders the template in force.
        var preview = await PreviewAsync(new { channel = "sms", language = "ko", provinceCode = "22", guest = new { firstName = "Minjun", lastName = "Kim" } });
        Assert.Contains("수신거부", preview.GetProperty("text").GetString());

        using var builtIn = api.Admin(HttpMethod.Post, "/api/v1/templates/sms/ko/rollback/0");
        var restored = await ReadOkAsync(await api.Ingest.SendAsync(builtIn));
        Assert.Equal((0, true), (restored.GetProperty("version").GetInt32(), restored.GetProperty("builtIn").GetBoolean()));
        Assert.Empty((await AnnouncedAsync<MessageTemplatesChanged>())[^1].Templates);
    }

    [Fact]
    public async Task Push_and_Zalo_templates_take_their_own_fields()
    {
        var push = await PutAsync("/api/v1/templates/push/en?purpose=reminder", new { title = "{appName}", text = "A reminder to install {appName}: {installLink}" });
        Assert.Equal(("reminder", "{appName}"), (push.GetProperty("purpose").GetString(), push.GetProperty("title").GetString()));
        Assert.False(push.TryGetProperty("keepDiacritics", out _));

        var zalo = await PutAsync("/api/v1/templates/zalo/vi",
            new { templateId = "412345", @params = new { guest_name = "{greetingName}", install_link = "{installLink}", opt_out_link = "{optOutLink}" } });
        Assert.Equal("412345", zalo.GetProperty("templateId").GetString());
        Assert.Equal("{installLink}", zalo.GetProperty("params").GetProperty("install_link").GetString());
        Assert.False(zalo.TryGetProperty("text", out _));
    }

    [Theory]
    [InlineData("/api/v1/templates/fax/en", """{"text":"x {optOutLink}"}""", "channel")]
    [InlineData("/api/v1/templates/sms/xx", """{"text":"x {optOutLink}"}""", "language")]
    [InlineData("/api/v1/templates/sms/en?purpose=welcome", """{"text":"x {optOutLink}"}""", "purpose")]
    [InlineData("/api/v1/templates/sms/en", """{"keepDiacritics":true}""", "text")]
    [InlineData("/api/v1/templates/sms/en", """{"title":"Hi","text":"x {optOutLink}"}""", "title")]
    [InlineData("/api/v1/templates/push/en", """{"text":"Install {appName}"}""", "title")]
    [InlineData("/api/v1/templates/zalo/en", """{"templateId":"1","params":{"name":7}}""", "params.name")]
    [InlineData("/api/v1/templates/zalo/en", """{"templateId":"1","params":{"bad name":"{optOutLink}"}}""", "params.bad name")]
    [InlineData("/api/v1/templates/sms/en", """{"text":"Hi\u202E {installLink} {optOutLink}"}""", "text")]
    [InlineData("/api/v1/templates/push/en", """{"title":"\u0007{appName}","text":"Install {appName}"}""", "title")]
    [InlineData("/api/v1/templates/zalo/en", """{"params":{"name":"\u2067{greetingName}","stop":"{optOutLink}"}}""", "params.name")]
    public async Task A_bad_template_is_400_naming_the_field(string path, string body, string field)
    {
        var problem = await AssertProblemAsync(await PutRawAsync(path, body), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_a_deeply_nested_one_400()
    {
        await AssertProblemAsync(await PutRawAsync("/api/v1/templates/sms/en", $$"""{"text":"{{new string('a', 2_000_000)}}"}"""),
            HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await PutRawAsync("/api/v1/templates/sms/en", $$"""{"text":{{new string('[', 5000)}}{{new string(']', 5000)}}}"""),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Malformed_json_is_400_not_500()
    {
        await AssertProblemAsync(await PutRawAsync("/api/v1/templates/sms/en", """{"text":"""), HttpStatusCode.BadRequest);
        using var preview = api.Admin(HttpMethod.Post, "/api/v1/templates/preview");
        preview.Content = new StringContent("""{"channel":["sms"]}""", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await api.Ingest.SendAsync(preview), HttpStatusCode.BadRequest);
    }

    /// <remarks>Needs Geofence.Templates' TemplateRules (issue 9): the skeleton's rules accept every text.</remarks>
    [Theory]
    [InlineData("""{"text":"Hello {nickname}, install {appName}: {installLink} Stop: {optOutLink}"}""", "nickname")]
    [InlineData("""{"text":"Hello {greetingName}, install {appName}: {installLink}"}""", "optOutLink")]
    public async Task A_text_with_an_unknown_placeholder_or_without_the_opt_out_link_is_400_naming_text_and_the_placeholder(string body, string placeholder)
    {
        var problem = await AssertProblemAsync(await PutRawAsync("/api/v1/templates/sms/en", body), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _), problem.ToString());
        Assert.Contains(placeholder, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_Vietnamese_sms_preview_is_GSM7_folded_and_UCS2_with_its_diacritics_kept()
    {
        const string text = "Chào mừng {firstName} đến {provinceName}. Hãy cài {appName}: {installLink} Từ chối: {optOutLink}";
        var request = new { channel = "sms", language = "vi", text, guest = new { firstName = "An", lastName = "Nguyễn" }, provinceCode = "22" };

        var folded = await PreviewAsync(request);
        var kept = await PreviewAsync(new { request.channel, request.language, request.text, request.guest, request.provinceCode, keepDiacritics = true });

        var foldedText = folded.GetProperty("text").GetString()!;
        Assert.StartsWith("Chao mung An den Quang Ninh. Hay cai ", foldedText);
        Assert.Matches(ExampleLink(), foldedText);
        Assert.Equal(("GSM-7", foldedText.Length, foldedText.Length <= 160 ? 1 : (foldedText.Length + 152) / 153), Sms(folded));
        var keptText = kept.GetProperty("text").GetString()!;
        Assert.StartsWith("Chào mừng An đến Quảng Ninh.", keptText);
        Assert.Equal(("UCS-2", keptText.Length, keptText.Length <= 70 ? 1 : (keptText.Length + 66) / 67), Sms(kept));
        Assert.True(Sms(kept).Parts > Sms(folded).Parts, "keeping the diacritics costs parts");
    }

    [Theory]
    [InlineData("/api/v1/templates")]
    [InlineData("/api/v1/templates/sms/en")]
    [InlineData("/api/v1/policy")]
    [InlineData("/api/v1/policy/versions")]
    public async Task Templates_and_policy_need_the_admin_key(string path)
    {
        await AssertProblemAsync(await api.Ingest.GetAsync(path), HttpStatusCode.Unauthorized);
    }

    private static bool Is(JsonElement item, string purpose, string channel, string language) =>
        item.GetProperty("purpose").GetString() == purpose && item.GetProperty("channel").GetString() == channel
        && item.GetProperty("language").GetString() == language;

    private static (string?, int, int Parts) Sms(JsonElement preview)
    {
        var sms = preview.GetProperty("sms");
        return (sms.GetProperty("encoding").GetString(), sms.GetProperty("characters").GetInt32(), sms.GetProperty("parts").GetInt32());
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = api.Admin(HttpMethod.Get, path);
        return await ReadOkAsync(await api.Ingest.SendAsync(request));
    }

    private async Task<JsonElement> PutAsync(string path, object body) => await ReadOkAsync(await PutRawAsync(path, JsonSerializer.Serialize(body)));

    private async Task<HttpResponseMessage> PutRawAsync(string path, string body)
    {
        using var request = api.Admin(HttpMethod.Put, path);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await api.Ingest.SendAsync(request);
    }

    private async Task<JsonElement> PreviewAsync(object body)
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/templates/preview");
        request.Content = JsonContent.Create(body);
        return await ReadOkAsync(await api.Ingest.SendAsync(request));
    }

    internal static async Task<JsonElement> ReadOkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
            return JsonSerializer.Deserialize<JsonElement>(text);
        }
    }

    /// <summary>What Admin put in its outbox for the other services, oldest first.</summary>
    private async Task<List<T>> AnnouncedAsync<T>() where T : class => await Announced<T>(app.Services);

    internal static async Task<List<T>> Announced<T>(IServiceProvider services) where T : class
    {
        await using var scope = services.CreateAsyncScope();
        var contract = MessageContracts.NameOf(typeof(T));
        var rows = await scope.ServiceProvider.GetRequiredService<AdminDb>().Outbox.AsNoTracking()
            .Where(m => m.Contract == contract).OrderBy(m => m.Id).ToListAsync();
        return rows.Select(r => (T)r.Deserialize(out _)).ToList();
    }

    [GeneratedRegex("/i/[A-Za-z0-9]{12} ")]
    private static partial Regex ExampleLink();
}
