using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geofence.Testing.Providers;

/// <summary>
/// A provider's stand-in on real Kestrel at 127.0.0.1 on a free port, so clients talk real HTTP. Besides the contract
/// each fake maps, it can serve canned faults first (<see cref="Reply"/>) and stall requests (<see cref="Stall"/>).
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<PathString, bool> faultable;
    private readonly ConcurrentQueue<CannedReply> faults = new();
    private int requests;

    private FakeProviderServer(WebApplication app, Func<PathString, bool> faultable)
    {
        this.app = app;
        this.faultable = faultable;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests that reached a faultable path, canned faults included.</summary>
    public int Requests => Volatile.Read(ref requests);

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

    private async Task ServeFaultsAsync(HttpContext context, RequestDelegate next)
    {
        if (!faultable(context.Request.Path))
        {
            await next(context);
            return;
        }
        Interlocked.Increment(ref requests);
        if (Stall is { } stall) await Task.Delay(stall, context.RequestAborted);
        if (!faults.TryDequeue(out var fault))
        {
            await next(context);
            return;
        }
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
}
