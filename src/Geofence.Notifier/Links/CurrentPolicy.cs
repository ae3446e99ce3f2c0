using Geofence.Contracts;
using Geofence.Templates;

namespace Geofence.Notifier.Links;

/// <summary>The messaging policy in force, as the link pages read it (the app's name and its store links).</summary>
public interface ICurrentPolicy
{
    MessagingPolicy Policy { get; }
}

/// <summary>The built-in policy: used until a snapshot of the department's policy is registered in its place.</summary>
public sealed class BuiltInPolicy : ICurrentPolicy
{
    public MessagingPolicy Policy => PolicyRules.Default;
}
