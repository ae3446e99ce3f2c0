using Geofence.Messaging.Persistence;

namespace Geofence.Ingest;

/// <summary>Lets <c>dotnet ef</c> make an <see cref="IngestDb"/> to add a migration (see the README).</summary>
internal sealed class IngestDbDesignTime : DesignTimeServiceDbFactory<IngestDb>;
