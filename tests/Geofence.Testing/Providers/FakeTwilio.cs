using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Geofence.Channels.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Geofence.Testing.Providers;

/// <summary>
/// Twilio's Messages resource: Basic auth with the account's SID and token, the account in the path, a form with To,
/// exactly one of From / MessagingServiceSid, and Body; numbers the test marks answer 21211, 21610 or 429.
/// </summary>
public sealed partial class FakeTwilio : IAsyncDisposable
{
    public required FakeProviderServer Server { get; init; }
    public string AccountSid { get; } = "AC" + Guid.NewGuid().ToString("N");
    public string AuthToken { get; } = Guid.NewGuid().ToString("N");
    public ConcurrentBag<string> InvalidNumbers { get; } = [];
    public ConcurrentBag<string> UnsubscribedNumbers { get; } = [];
    public ConcurrentBag<string> ThrottledNumbers { get; } = [];
    public ConcurrentQueue<Dictionary<string, string>> Accepted { get; } = new();
    /// <summary>Every accepted message by recipient (E.164) and SID; Twilio has no idempotency key, so a repeat counts twice.</summary>
    public RecipientLog Recipients { get; } = new();
    /// <summary>The SID of each accepted message by its To number, for status callbacks.</summary>
    public ConcurrentDictionary<string, string> SidsByNumber { get; } = new();

    public static async Task<FakeTwilio> StartAsync()
    {
        FakeTwilio? fake = null;
        var server = await FakeProviderServer.StartAsync(app =>
            app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", (HttpRequest request, string account) => fake!.CreateMessageAsync(request, account)));
        fake = new FakeTwilio { Server = server };
        return fake;
    }

    public TwilioOptions Options() => new()
    {
        AccountSid = AccountSid,
        AuthToken = AuthToken,
        From = "GEOFENCE",
        BaseUrl = Server.BaseUrl,
    };

    private async Task<IResult> CreateMessageAsync(HttpRequest request, string account)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth) || auth.Scheme != "Basic" ||
            Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter ?? "")) != $"{AccountSid}:{AuthToken}")
            return Error(401, 20003, "Authenticate");
        if (account != AccountSid) return Error(404, 20404, "The requested resource was not found");
        if (!request.HasFormContentType) return Error(400, 21609, "Form body required");

        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var to = form.GetValueOrDefault("To") ?? "";
        if (to.Length == 0) return Error(400, 21604, "A 'To' phone number is required.");
        if (form.ContainsKey("From") == form.ContainsKey("MessagingServiceSid"))
            return Error(400, 21603, "Exactly one of 'From' and 'MessagingServiceSid' is required.");
        if (string.IsNullOrEmpty(form.GetValueOrDefault("Body"))) return Error(400, 21602, "Message body is required.");
        if (!E164().IsMatch(to) || InvalidNumbers.Contains(to)) return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
        if (UnsubscribedNumbers.Contains(to)) return Error(400, 21610, $"Attempt to send to unsubscribed recipient {to}");
        if (ThrottledNumbers.Contains(to)) return Error(429, 20429, "Too Many Requests");

        var sid = "SM" + Guid.NewGuid().ToString("N");
        SidsByNumber[to] = sid;
        Accepted.Enqueue(form);
        Recipients.Record(to, sid);
        return Results.Json(new
        {
            sid,
            status = "queued",
            num_segments = Segments(form["Body"]).ToString(System.Globalization.CultureInfo.InvariantCulture),
            to,
        }, statusCode: 201);
    }

    private static int Segments(string body) => body.Length <= 160 ? 1 : (body.Length + 152) / 153;

    public static string ErrorJson(int status, int code, string message) =>
        $$"""{"code":{{code}},"message":"{{message}}","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}""";

    private static IResult Error(int status, int code, string message) =>
        Results.Content(ErrorJson(status, code, message), "application/json", statusCode: status);

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
