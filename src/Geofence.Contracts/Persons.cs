namespace Geofence.Contracts;

/// <summary>
/// A person asked to be forgotten (Decree 13/2023): every service erases what it holds about <see cref="PersonKey"/>
/// (the keyed hash of the phone; the number itself never travels) and answers with <see cref="PersonErased"/>. Durable
/// (published through Admin's outbox) and idempotent: erasing twice erases nothing the second time. Opt-outs stay, as
/// the bare hash, so that the person stays opted out.
/// </summary>
/// <param name="NotificationIds">
/// The person's notifications as Admin's report knew them: the Dispatcher keeps deliveries and attempts by notification,
/// not by person.
/// </param>
public record PersonErasureRequested(Guid ErasureId, string PersonKey, Guid[] NotificationIds, DateTimeOffset RequestedAt);

/// <summary>One service finished an erasure; <paramref name="Rows"/> is how many rows it deleted or blanked.</summary>
public record PersonErased(Guid ErasureId, string Service, int Rows, DateTimeOffset At)
{
    public const string Ingest = "ingest";
    public const string Notifier = "notifier";
    public const string Dispatcher = "dispatcher";
    public const string Admin = "admin";

    /// <summary>The services that hold personal data and must confirm an erasure (the Detector keeps devices' positions only, by device id).</summary>
    public static readonly string[] Services = [Ingest, Notifier, Dispatcher, Admin];
}
