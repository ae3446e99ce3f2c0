using Geofence.Messaging.Persistence;

namespace Geofence.Dispatcher;

/// <summary>Lets <c>dotnet ef</c> make an <see cref="DispatcherDb"/> to add a migration (see the README).</summary>
internal sealed class DispatcherDbDesignTime : DesignTimeServiceDbFactory<DispatcherDb>;
