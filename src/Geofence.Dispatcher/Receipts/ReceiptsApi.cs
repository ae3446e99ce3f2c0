using System.Security.Cryptography;
using System.Text;
using Geofence.Channels.Esms;
using Geofence.Channels.Twilio;
using Geofence.Contracts;
using Geofence.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Geofence.Dispatcher.Receipts;

/// <summary>
/// Delivery receipts. Providers call these without our API keys, so each proves itself its own way: Twilio signs the
/// callback with the auth token; eSMS cannot sign, so the <c>key</c> query parameter of the configured CallbackUrl must
/// come back.
/// </summary>
public static class ReceiptsApi
{
    public static RouteGroupBuilder MapReceipts(this RouteGroupBuilder api)
    {
        api.MapPost("/receipts/twilio", Twilio)
            .DisableAntiforgery()
            // Read by hand to verify the signature over the exact form fields.
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("TwilioStatusCallback")
            .WithSummary("Twilio's message status callback; verified with X-Twilio-Signature against Channels__Twilio__StatusCallbackUrl.");
        api.MapMethods("/receipts/esms", [HttpMethods.Get, HttpMethods.Post], Esms)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("EsmsCallback")
            .WithSummary("eSMS.vn's status callback (eSMS calls it with GET and query parameters).");
        return api;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> Twilio(HttpRequest request, IServiceProvider services, DeliveryReceipts receipts,
        CancellationToken ct)
    {
        var options = services.GetService<IOptions<TwilioOptions>>()?.Value;
        if (options is null || string.IsNullOrWhiteSpace(options.StatusCallback))
            return Problem.Status(StatusCodes.Status404NotFound, "Twilio receipts are not configured",
                "Set Channels__Sms__Provider=Twilio and Channels__Twilio__StatusCallbackUrl.");
        if (!request.HasFormContentType) return Problem.Invalid("body", "must be application/x-www-form-urlencoded, as Twilio posts it.");

        var form = await request.ReadFormAsync(ct);
        // Twilio signs the URL it was given, so verify against that public URL, not the one this process sees behind a proxy.
        if (!new TwilioSignature(options.AuthToken).IsValid(options.StatusCallback, form, request.Headers[TwilioSignature.HeaderName]))
            return Problem.Status(StatusCodes.Status403Forbidden, "The signature is not valid",
                $"{TwilioSignature.HeaderName} does not match the form signed with the account's auth token.");

        var sid = form["MessageSid"].ToString();
        if (string.IsNullOrEmpty(sid)) return Problem.Invalid("MessageSid", "is required.");
        var status = form["MessageStatus"].ToString() switch
        {
            "delivered" => DeliveryStatuses.Delivered,
            "undelivered" or "failed" => DeliveryStatuses.Undelivered,
            _ => null, // queued, sending, sent: not final yet
        };
        if (status is not null)
            await receipts.RecordAsync(TwilioSmsClient.ProviderName, sid, null, status, NullIfEmpty(form["ErrorCode"].ToString()), ct);
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok, ProblemHttpResult>> Esms(HttpRequest request, IServiceProvider services, DeliveryReceipts receipts,
        CancellationToken ct)
    {
        var options = services.GetService<IOptions<EsmsOptions>>()?.Value;
        if (options is null || string.IsNullOrWhiteSpace(options.CallbackUrl))
            return Problem.Status(StatusCodes.Status404NotFound, "eSMS receipts are not configured",
                "Set Channels__Sms__Provider=Esms and Channels__Esms__CallbackUrl.");
        var fields = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (request.HasFormContentType)
            foreach (var (key, value) in await request.ReadFormAsync(ct)) fields[key] = value.ToString();

        var expectedKey = QueryHelpers.ParseQuery(new Uri(options.CallbackUrl).Query).GetValueOrDefault("key").ToString();
        if (expectedKey.Length > 0 && !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(fields.GetValueOrDefault("key") ?? ""), Encoding.UTF8.GetBytes(expectedKey)))
            return Problem.Status(StatusCodes.Status403Forbidden, "The callback key is not valid",
                "key does not match the one in Channels__Esms__CallbackUrl.");

        var smsId = fields.GetValueOrDefault("SMSID");
        var requestId = Guid.TryParse(fields.GetValueOrDefault("RequestId"), out var id) ? id : (Guid?)null;
        if (string.IsNullOrEmpty(smsId) && requestId is null) return Problem.Invalid("SMSID", "is required.");
        // SendStatus 5: sending finished, 4: rejected; SendSuccess / SendFailed count recipients (one here). Others are interim.
        var sendStatus = fields.GetValueOrDefault("SendStatus");
        var succeeded = int.TryParse(fields.GetValueOrDefault("SendSuccess"), out var success) && success > 0;
        var status = sendStatus switch
        {
            "5" => succeeded ? DeliveryStatuses.Delivered : DeliveryStatuses.Undelivered,
            "4" => DeliveryStatuses.Undelivered,
            _ => null,
        };
        if (status is not null)
            await receipts.RecordAsync(EsmsClient.ProviderName, smsId, requestId, status, status == DeliveryStatuses.Undelivered ? $"status-{sendStatus}" : null, ct);
        return TypedResults.Ok();
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
