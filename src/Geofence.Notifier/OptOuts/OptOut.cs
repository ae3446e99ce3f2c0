using Geofence.Privacy;

namespace Geofence.Notifier.OptOuts;

/// <summary>
/// A person who does not want messages: an SMS provider reported them unsubscribed or blocked, or the department
/// recorded their request. While active, later arrivals are suppressed as <c>opted-out</c>.
/// </summary>
public sealed class OptOut : OptOutRecord;
