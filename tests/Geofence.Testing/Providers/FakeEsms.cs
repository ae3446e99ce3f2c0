using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Geofence.Channels.Esms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Geofence.Testing.Providers;

/// <summary>
/// eSMS.vn's SendMultipleMessage_V4_post_json: checks the keys (101), the brandname (104), the national phone format
/// (108), blocked numbers (99), SmsType 2 without Unicode, and answers 124 for a RequestId it has seen.
/// </summary>
public sealed partial class FakeEsms : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> requestIds = new();

    public required FakeProviderServer Server { get; init; }
    public string ApiKey { get; } = Guid.NewGuid().ToString("N");
    public string SecretKey { get; } = Guid.NewGuid().ToString("N");
    public string Brandname { get; } = "GEOFENCE";
    public ConcurrentBag<string> BlockedPhones { get; } = [];
    public ConcurrentQueue<JsonObject> Delivered { get; } = new();
    /// <summary>Every accepted message by recipient (E.164, from eSMS's national 0…) and RequestId (the notification id).</summary>
    public RecipientLog Recipients { get; } = new();
    /// <summary>The SMSID eSMS gave each accepted message, by its RequestId, for status callbacks.</summary>
    public ConcurrentDictionary<string, string> SmsIdsByRequestId { get; } = new();
    /// <summary>Each RequestId answered 124 because a message with it was accepted before.</summary>
    public ConcurrentQueue<string> DuplicateRequestIds { get; } = new();

    public static async Task<FakeEsms> StartAsync()
    {
        FakeEsms? fake = null;
        var server = await FakeProviderServer.StartAsync(app =>
            app.MapPost("/MainService.svc/json/SendMultipleMessage_V4_post_json/", (HttpRequest request) => fake!.SendAsync(request)));
        fake = new FakeEsms { Server = server };
        return fake;
    }

    public EsmsOptions Options() => new() { ApiKey = ApiKey, SecretKey = SecretKey, Brandname = Brandname, BaseUrl = Server.BaseUrl };

    private async Task<IResult> SendAsync(HttpRequest request)
    {
        if (await JsonNode.ParseAsync(request.Body) is not JsonObject body) return Code("118", "Invalid request");
        string? Field(string name) => body[name]?.GetValue<string>();

        if (Field("ApiKey") != ApiKey || Field("SecretKey") != SecretKey) return Code("101", "Authorize Failed");
        if (Field("Brandname") != Brandname) return Code("104", "Brandname not registered");
        if (Field("SmsType") != "2" || Field("IsUnicode") is not ("0" or "1")) return Code("118", "Unsupported SmsType or IsUnicode");
        // Handsets would show non-ASCII text sent as IsUnicode 0 garbled; refuse it so that a client doing so is caught.
        if (Field("IsUnicode") == "0" && Field("Content") is { } text && !text.All(char.IsAscii))
            return Code("118", "Content has characters outside ASCII but IsUnicode is 0");
        if (string.IsNullOrEmpty(Field("Content"))) return Code("118", "Content is required");
        var phone = Field("Phone") ?? "";
        if (!NationalMobile().IsMatch(phone)) return Code("108", $"Phone {phone} is invalid");
        if (BlockedPhones.Contains(phone)) return Code("99", $"Phone {phone} is blocked");
        if (Field("RequestId") is not { Length: > 0 } requestId) return Code("118", "RequestId is required");
        if (!requestIds.TryAdd(requestId, 0))
        {
            DuplicateRequestIds.Enqueue(requestId);
            return Code("124", "Duplicate RequestId");
        }

        var smsId = Guid.NewGuid().ToString();
        SmsIdsByRequestId[requestId] = smsId;
        Delivered.Enqueue(body);
        Recipients.Record("+84" + phone[1..], requestId);
        var reply = new JsonObject { ["CodeResult"] = "100", ["CountRegenerate"] = 0, ["SMSID"] = smsId };
        return Results.Content(reply.ToJsonString(), "application/json");
    }

    public static string CodeJson(string code, string message) => new JsonObject { ["CodeResult"] = code, ["ErrorMessage"] = message }.ToJsonString();

    private static IResult Code(string code, string message) => Results.Content(CodeJson(code, message), "application/json");

    [GeneratedRegex(@"^0\d{9}$")]
    private static partial Regex NationalMobile();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
