using Geofence.Privacy;

namespace Geofence.Admin.OptOuts;

/// <summary>Admin's copy of the opt-out list, for the department to see and change; the Notifier keeps the one that suppresses.</summary>
public sealed class OptOutEntry : OptOutRecord;
