using Geofence.Messaging.Persistence;

namespace Geofence.Admin;

/// <summary>Lets <c>dotnet ef</c> make an <see cref="AdminDb"/> to add a migration (see the README).</summary>
internal sealed class AdminDbDesignTime : DesignTimeServiceDbFactory<AdminDb>;
