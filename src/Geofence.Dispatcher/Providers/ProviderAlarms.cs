using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Geofence.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Geofence.Dispatcher.Providers;

/// <summary>
/// What an operator must hear about: a provider that refuses every message because of our configuration (credentials,
/// template, hub, balance). Such a refusal raises an alarm for that provider, shown by <c>/health/ready</c> as Degraded
/// with the provider and code named, until the provider accepts a message again. Every provider answer is also counted
/// on the <c>Geofence.Dispatcher</c> meter (<c>geofence.dispatcher.provider_answers</c>) for dashboards and alerts.
/// </summary>
public sealed class ProviderAlarms : IHealthCheck
{
    public const string MeterName = "Geofence.Dispatcher";
    private readonly ConcurrentDictionary<string, Alarm> raised = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly Counter<long> answers;

    public ProviderAlarms(TimeProvider time, IMeterFactory meters)
    {
        this.time = time;
        answers = meters.Create(MeterName).CreateCounter<long>("geofence.dispatcher.provider_answers", "{answer}",
            "Provider answers by provider, channel, outcome (accepted, rejected, retry) and action.");
    }

    public void Record(string provider, string channel, ProviderResult result)
    {
        var (outcome, action) = result switch
        {
            ProviderResult.Accepted => ("accepted", "none"),
            ProviderResult.Rejected rejected => ("rejected", rejected.Error.Action.ToString()),
            _ => ("retry", "none"),
        };
        answers.Add(1, new("provider", provider), new("channel", channel), new("outcome", outcome), new("action", action));
        if (result is ProviderResult.Accepted) raised.TryRemove(provider, out _);
        else if (result is ProviderResult.Rejected { Error: { Action: ErrorAction.Configuration } error })
            raised[provider] = new Alarm(error.Code, raised.TryGetValue(provider, out var earlier) ? earlier.Since : time.GetUtcNow());
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (raised.IsEmpty) return Task.FromResult(HealthCheckResult.Healthy("every configured provider accepts messages"));
        var alarms = raised.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var description = string.Join("; ", alarms.Select(a =>
            $"{a.Key} refuses every message ({a.Value.Code}) since {a.Value.Since:u}: check its Channels__ settings"));
        return Task.FromResult(HealthCheckResult.Degraded(description,
            data: alarms.ToDictionary(a => a.Key, a => (object)a.Value.Code)));
    }

    private sealed record Alarm(string Code, DateTimeOffset Since);
}
