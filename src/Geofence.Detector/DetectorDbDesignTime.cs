using Geofence.Messaging.Persistence;

namespace Geofence.Detector;

/// <summary>Lets <c>dotnet ef</c> make an <see cref="DetectorDb"/> to add a migration (see the README).</summary>
internal sealed class DetectorDbDesignTime : DesignTimeServiceDbFactory<DetectorDb>;
