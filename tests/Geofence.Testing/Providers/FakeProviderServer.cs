using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Testing.Providers;

/// <summary>
/// A provider's stand-in on real Kestrel at 127.0.0.1 on a free port, so clients talk real HTTP. Besides the contract
/// each fake maps, it can serve canned faults first (<see cref="Reply"/>), be down for a stretch of wall time
/// (<see cref="DownFor"/>), lose the answer to a request it handled (<see cref="LoseReplies"/>) and stall requests
/// (<see cref="Stall"/>).
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<PathString, bool> faultable;
    private readonly ConcurrentQueue<CannedReply> faults = new();
    private readonly ConcurrentQueue<CannedReply> lostReplies = new();
    private Outage? outage;
    private int requests;
    private int faultsServed;

    private FakeProviderServer(WebApplication app, Func<PathString, bool> faultable)
    {
        this.app = app;
        this.faultable = faultable;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests that reached a faultable path, canned faults included.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Faultable requests answered with a fault (canned, outage or lost reply) instead of the contract's answer.</summary>
    public int FaultsServed => Volatile.Read(ref faultsServed);

    /// <summary>When set, every faultable request waits this long before it is answered.</summary>
    public TimeSpan? Stall { get; set; }

    public static async Task<FakeProviderServer> StartAsync(Action<WebApplication> mapContract, Func<PathString, bool>? faultable = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        // A stalled request must not hold up disposal for the default 30 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new FakeProviderServer(app, faultable ?? (_ => true));
        app.Use(server.ServeFaultsAsync);
        mapContract(app);
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().TrimEnd('/');
        return server;
    }

    /// <summary>The next faultable request gets this answer instead of the contract's.</summary>
    public void Reply(int status, string? json = null, string? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++) faults.Enqueue(new CannedReply(status, json, retryAfter));
    }

    /// <summary>
    /// From now until <paramref name="duration"/> of wall time has passed, every faultable request gets this answer (after
    /// any canned <see cref="Reply"/> faults), as during a provider's outage. Returns the moment it ends.
    /// </summary>
    public DateTimeOffset DownFor(TimeSpan duration, int status, string? json = null, string? retryAfter = null)
    {
        var until = DateTimeOffset.UtcNow + duration;
        Volatile.Write(ref outage, new Outage(until, new CannedReply(status, json, retryAfter)));
        return until;
    }

    /// <summary>Ends the outage <see cref="DownFor"/> began, now; returns the moment it ended.</summary>
    public DateTimeOffset EndOutage()
    {
        var now = DateTimeOffset.UtcNow;
        Volatile.Write(ref outage, null);
        return now;
    }

    /// <summary>
    /// The next faultable requests are handled as the contract says (a message is accepted and recorded), but the client
    /// gets <paramref name="status"/> instead of the answer, as when a gateway times out after the provider took the message.
    /// </summary>
    public void LoseReplies(int status = StatusCodes.Status504GatewayTimeout, int times = 1)
    {
        for (var i = 0; i < times; i++) lostReplies.Enqueue(new CannedReply(status, null, null));
    }

    private async Task ServeFaultsAsync(HttpContext context, RequestDelegate next)
    {
        if (!faultable(context.Request.Path))
        {
            await next(context);
            return;
        }
        Interlocked.Increment(ref requests);
        if (Stall is { } stall) await Task.Delay(stall, context.RequestAborted);
        if ((faults.TryDequeue(out var canned) ? canned : CurrentOutage()) is { } fault)
        {
            await WriteFaultAsync(context, fault);
            return;
        }
        if (lostReplies.TryDequeue(out var lost))
        {
            // Let the contract handle the request into a buffer that is thrown away, then answer with the fault.
            var body = context.Features.Get<IHttpResponseBodyFeature>()!;
            await using (var discarded = new MemoryStream())
            {
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(discarded));
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(body);
                }
            }
            context.Response.Clear();
            await WriteFaultAsync(context, lost);
            return;
        }
        await next(context);
    }

    private CannedReply? CurrentOutage() => Volatile.Read(ref outage) is { } down && DateTimeOffset.UtcNow < down.Until ? down.Reply : null;

    private async Task WriteFaultAsync(HttpContext context, CannedReply fault)
    {
        Interlocked.Increment(ref faultsServed);
        context.Response.StatusCode = fault.Status;
        if (fault.RetryAfter is not null) context.Response.Headers.RetryAfter = fault.RetryAfter;
        if (fault.Json is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(fault.Json);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed record CannedReply(int Status, string? Json, string? RetryAfter);

    private sealed record Outage(DateTimeOffset Until, CannedReply Reply);
}
