using System.Net;
using Geofence.Channels.Esms;
using Geofence.Channels.Twilio;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Housekeeping;
using Geofence.Dispatcher.Receipts;
using Geofence.Dispatcher.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Geofence.Dispatcher.Tests;

public sealed class ReceiptsApiTests
{
    private const string AuthToken = "twilio-auth-token";
    private const string CallbackUrl = "https://geofence.example.vn/api/v1/receipts/twilio";
    private const string EsmsCallbackUrl = "https://geofence.example.vn/api/v1/receipts/esms?key=s3cret";

    private sealed class Receiver(WebApplication app, DispatcherDatabase database) : IAsyncDisposable
    {
        public HttpClient Http { get; } = app.GetTestClient();
        public DispatcherDatabase Database => database;
        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static async Task<Receiver> StartAsync(params Delivery[] deliveries)
    {
        var database = await DispatcherDatabase.CreateAsync();
        await using (var db = database.Open())
        {
            db.Deliveries.AddRange(deliveries);
            await db.SaveChangesAsync();
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContext<DispatcherDb>(o => o.UseSqlite(database.ConnectionString));
        builder.Services.AddScoped<DeliveryReceipts>();
        builder.Services.Configure<TwilioOptions>(o => (o.AuthToken, o.StatusCallback) = (AuthToken, CallbackUrl));
        builder.Services.Configure<EsmsOptions>(o => o.CallbackUrl = EsmsCallbackUrl);
        var app = builder.Build();
        app.MapGroup("/api/v1").MapReceipts();
        await app.StartAsync();
        return new Receiver(app, database);
    }

    private static Delivery Sent(string provider, string providerMessageId) => new()
    {
        NotificationId = Guid.NewGuid(), Channel = Geofence.Contracts.Channels.Sms, Provider = provider, Status = "sent",
        ProviderMessageId = providerMessageId, CompletedAt = DateTime.UtcNow,
    };

    private static HttpRequestMessage TwilioCallback(Dictionary<string, string> form, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/receipts/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.HeaderName, signature ?? new TwilioSignature(AuthToken).Compute(CallbackUrl, form));
        return request;
    }

    private static async Task<(string Status, string[] Published)> StateAsync(Receiver receiver, Guid notificationId)
    {
        await using var db = receiver.Database.Open();
        var status = (await db.Deliveries.SingleAsync(d => d.NotificationId == notificationId)).Status;
        var published = await db.Outbox.Select(m => m.Body).ToArrayAsync();
        return (status, published);
    }

    [Fact]
    public async Task A_signed_Twilio_delivered_callback_marks_the_delivery_delivered_and_publishes_it_once()
    {
        var delivery = Sent(TwilioSmsClient.ProviderName, "SM123");
        await using var receiver = await StartAsync(delivery);
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM123", ["MessageStatus"] = "delivered", ["To"] = "+84912345678" };

        var first = await receiver.Http.SendAsync(TwilioCallback(form));
        var repeat = await receiver.Http.SendAsync(TwilioCallback(form));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, repeat.StatusCode));
        var (status, published) = await StateAsync(receiver, delivery.NotificationId);
        Assert.Equal(DeliveryStatuses.Delivered, status);
        Assert.Contains("\"status\":\"delivered\"", Assert.Single(published));
    }

    [Fact]
    public async Task A_forged_Twilio_callback_is_refused_with_403_and_changes_nothing()
    {
        var delivery = Sent(TwilioSmsClient.ProviderName, "SM123");
        await using var receiver = await StartAsync(delivery);
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM123", ["MessageStatus"] = "delivered" };

        var response = await receiver.Http.SendAsync(TwilioCallback(form, signature: new TwilioSignature("wrong-token").Compute(CallbackUrl, form)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var (status, published) = await StateAsync(receiver, delivery.NotificationId);
        Assert.Equal("sent", status);
        Assert.Empty(published);
    }

    [Fact]
    public async Task A_Twilio_failed_callback_marks_the_delivery_undelivered_with_the_error_code()
    {
        var delivery = Sent(TwilioSmsClient.ProviderName, "SM9");
        await using var receiver = await StartAsync(delivery);
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM9", ["MessageStatus"] = "failed", ["ErrorCode"] = "30003" };

        await receiver.Http.SendAsync(TwilioCallback(form));

        var (status, published) = await StateAsync(receiver, delivery.NotificationId);
        Assert.Equal(DeliveryStatuses.Undelivered, status);
        Assert.Contains("\"errorCode\":\"30003\"", Assert.Single(published));
    }

    [Fact]
    public async Task An_interim_Twilio_status_changes_nothing()
    {
        var delivery = Sent(TwilioSmsClient.ProviderName, "SM1");
        await using var receiver = await StartAsync(delivery);

        await receiver.Http.SendAsync(TwilioCallback(new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "sending" }));

        var (status, published) = await StateAsync(receiver, delivery.NotificationId);
        Assert.Equal("sent", status);
        Assert.Empty(published);
    }

    [Fact]
    public async Task An_eSMS_callback_with_the_configured_key_marks_the_delivery_delivered()
    {
        var delivery = Sent(EsmsClient.ProviderName, "esms-42");
        await using var receiver = await StartAsync(delivery);

        var response = await receiver.Http.GetAsync(
            $"/api/v1/receipts/esms?key=s3cret&SMSID=esms-42&SendFailed=0&SendStatus=5&SendSuccess=1&RequestId={delivery.NotificationId}&TypeId=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DeliveryStatuses.Delivered, (await StateAsync(receiver, delivery.NotificationId)).Status);
    }

    [Fact]
    public async Task An_eSMS_callback_without_the_key_is_refused_with_403()
    {
        var delivery = Sent(EsmsClient.ProviderName, "esms-42");
        await using var receiver = await StartAsync(delivery);

        var response = await receiver.Http.GetAsync("/api/v1/receipts/esms?SMSID=esms-42&SendStatus=5&SendSuccess=1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("sent", (await StateAsync(receiver, delivery.NotificationId)).Status);
    }

    private static DispatcherHousekeeping Housekeeping(Receiver receiver, TimeProvider time, TimeSpan? earlyReceiptLifetime = null) =>
        new(receiver.Services.GetRequiredService<IServiceScopeFactory>(),
            new HousekeepingSettings { EarlyReceiptLifetime = earlyReceiptLifetime ?? TimeSpan.FromDays(1) }, time,
            NullLogger<DispatcherHousekeeping>.Instance);

    private static async Task AddAsync(Receiver receiver, Delivery delivery)
    {
        await using var db = receiver.Database.Open();
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_receipt_that_arrives_before_its_delivery_is_recorded_is_kept_and_applied_once_the_delivery_is_there()
    {
        await using var receiver = await StartAsync();
        var delivery = Sent(TwilioSmsClient.ProviderName, "SM-early");
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM-early", ["MessageStatus"] = "delivered" };

        var early = await receiver.Http.SendAsync(TwilioCallback(form));
        var repeated = await receiver.Http.SendAsync(TwilioCallback(form));
        await AddAsync(receiver, delivery);
        var housekeeping = Housekeeping(receiver, TimeProvider.System);
        await housekeeping.SettleEarlyReceiptsAsync(CancellationToken.None);
        await housekeeping.SettleEarlyReceiptsAsync(CancellationToken.None);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (early.StatusCode, repeated.StatusCode));
        var (status, published) = await StateAsync(receiver, delivery.NotificationId);
        Assert.Equal(DeliveryStatuses.Delivered, status);
        Assert.Contains("\"status\":\"delivered\"", Assert.Single(published));
        await using var db = receiver.Database.Open();
        Assert.Empty(await db.EarlyReceipts.ToListAsync());
    }

    [Fact]
    public async Task An_early_eSMS_receipt_is_matched_by_the_RequestId_that_is_our_notification_id()
    {
        await using var receiver = await StartAsync();
        var delivery = Sent(EsmsClient.ProviderName, "esms-77");

        await receiver.Http.GetAsync($"/api/v1/receipts/esms?key=s3cret&SendStatus=4&SendSuccess=0&RequestId={delivery.NotificationId}");
        await AddAsync(receiver, delivery);
        await Housekeeping(receiver, TimeProvider.System).SettleEarlyReceiptsAsync(CancellationToken.None);

        var (status, published) = await StateAsync(receiver, delivery.NotificationId);
        Assert.Equal(DeliveryStatuses.Undelivered, status);
        Assert.Contains("status-4", Assert.Single(published));
    }

    [Fact]
    public async Task An_early_receipt_that_never_finds_its_delivery_is_dropped_after_its_lifetime()
    {
        await using var receiver = await StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await receiver.Http.SendAsync(TwilioCallback(new Dictionary<string, string> { ["MessageSid"] = "SM-never", ["MessageStatus"] = "delivered" }));
        var housekeeping = Housekeeping(receiver, time, earlyReceiptLifetime: TimeSpan.FromHours(1));

        await housekeeping.SettleEarlyReceiptsAsync(CancellationToken.None);
        await using (var db = receiver.Database.Open()) Assert.Single(await db.EarlyReceipts.ToListAsync());
        time.Advance(TimeSpan.FromHours(2));
        await housekeeping.SettleEarlyReceiptsAsync(CancellationToken.None);

        await using (var db = receiver.Database.Open())
        {
            Assert.Empty(await db.EarlyReceipts.ToListAsync());
            Assert.Empty(await db.Outbox.ToListAsync());
        }
    }

    [Fact]
    public async Task Attempts_older_than_the_retention_are_purged_and_newer_ones_kept()
    {
        await using var receiver = await StartAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = receiver.Database.Open())
        {
            foreach (var age in new[] { 200, 91, 89, 1 })
                db.Attempts.Add(new DeliveryAttempt
                {
                    NotificationId = Guid.NewGuid(), Channel = "sms", Provider = "twilio", Outcome = AttemptOutcomes.Accepted,
                    At = now.AddDays(-age).UtcDateTime,
                });
            await db.SaveChangesAsync();
        }

        await Housekeeping(receiver, new FakeTimeProvider(now)).PurgeAttemptsAsync(CancellationToken.None);

        await using (var db = receiver.Database.Open())
            Assert.Equal([1, 89], (await db.Attempts.ToListAsync()).Select(a => (int)Math.Round((now.UtcDateTime - a.At).TotalDays)).Order());
    }
}
