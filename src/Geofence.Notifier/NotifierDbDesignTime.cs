using Geofence.Messaging.Persistence;

namespace Geofence.Notifier;

/// <summary>Lets <c>dotnet ef</c> make an <see cref="NotifierDb"/> to add a migration (see the README).</summary>
internal sealed class NotifierDbDesignTime : DesignTimeServiceDbFactory<NotifierDb>;
