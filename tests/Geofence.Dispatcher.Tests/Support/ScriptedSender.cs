using Geofence.Channels;
using Geofence.Dispatcher.Deliveries;

namespace Geofence.Dispatcher.Tests.Support;

/// <summary>A provider that answers from a script, one answer per call (the last repeats), and remembers what it was asked to send.</summary>
public sealed class ScriptedSender(string channel, string provider, params ProviderResult[] answers) : IChannelSender
{
    private int calls;

    public string Channel => channel;
    public string Provider => provider;
    public List<Outgoing> Sent { get; } = [];

    /// <summary>Whether it plays a provider that recognises a repeated notification (eSMS's RequestId).</summary>
    public bool RecognisesRepeats { get; init; }

    public Task<ProviderResult> SendAsync(Outgoing message, CancellationToken cancellationToken)
    {
        Sent.Add(message);
        return Task.FromResult(answers[Math.Min(calls++, answers.Length - 1)]);
    }
}
