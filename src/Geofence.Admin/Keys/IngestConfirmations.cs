using System.Collections.Concurrent;
using Geofence.Contracts;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Geofence.Admin.Keys;

/// <summary>
/// Requests that issued a hotel or feed key, waiting for Ingest to confirm it (<see cref="IntegrationKeysConfirmed"/>),
/// so that the answer handing the key out means "usable now". Each Admin replica hears every confirmation on a queue of
/// its own, so the replica that is waiting is the one that hears.
/// </summary>
public sealed class IngestConfirmations(AuthSettings settings)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new(StringComparer.Ordinal);

    /// <summary>Starts waiting for the key: called before the change that publishes it is saved, so that no confirmation is missed.</summary>
    public Task Expect(string keyHash) =>
        waiting.GetOrAdd(keyHash, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Stops waiting: the change that would have published the key was not saved.</summary>
    public void Forget(string keyHash) => waiting.TryRemove(keyHash, out _);

    public void Confirm(IEnumerable<string> keyHashes)
    {
        foreach (var hash in keyHashes)
            if (waiting.TryRemove(hash, out var confirmation)) confirmation.TrySetResult();
    }

    /// <summary>
    /// Waits up to <see cref="AuthSettings.KeyConfirmationTimeout"/>; null when confirmed, else the 503 to answer, which
    /// still carries the key (it was issued, and its secret is shown only in this answer).
    /// </summary>
    public async Task<ProblemHttpResult?> WaitAsync(HttpContext http, string keyHash, Task confirmed, string apiKey, Guid? keyId)
    {
        try
        {
            await confirmed.WaitAsync(settings.KeyConfirmationTimeout, http.RequestAborted);
            return null;
        }
        catch (TimeoutException)
        {
            Forget(keyHash);
            http.Response.Headers.RetryAfter = "5";
            var problem = Problem.Status(StatusCodes.Status503ServiceUnavailable, "Key issued, not yet usable",
                $"Ingest has not confirmed the new key within {settings.KeyConfirmationTimeout.TotalSeconds:0.#} s; it is issued and " +
                "starts working as soon as Ingest hears of it. Keep the apiKey below: it is not shown again. Try it after Retry-After.");
            problem.ProblemDetails.Extensions["apiKey"] = apiKey;
            if (keyId is not null) problem.ProblemDetails.Extensions["keyId"] = keyId;
            return problem;
        }
    }
}

/// <summary>Hands Ingest's confirmations to the requests waiting in this process.</summary>
public sealed class IntegrationKeysConfirmedConsumer(IngestConfirmations confirmations) : IConsumer<IntegrationKeysConfirmed>
{
    public Task Consume(ConsumeContext<IntegrationKeysConfirmed> context)
    {
        confirmations.Confirm(context.Message.KeyHashes);
        return Task.CompletedTask;
    }
}
