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
    public const string Detector = "detector";

    /// <summary>
    /// The services that hold personal data and must confirm an erasure. The Detector knows devices only by id, so it is
    /// told by the Notifier (<see cref="DevicesForgotten"/>), which knows which devices were registered with the number.
    /// </summary>
    public static readonly string[] Services = [Ingest, Notifier, Dispatcher, Admin, Detector];
}

/// <summary>
/// The Notifier erased a person: <paramref name="SealedSubjectKeys"/> holds, sealed with the services' field cipher (a
/// JSON array once opened), the devices (<c>"{feedId}/{deviceId}"</c>, the Detector's subject keys) registered with
/// their number, so that the ids are not readable on the broker nor in the outbox row that carries them. The Detector
/// forgets where they were seen and confirms the erasure for itself (<see cref="PersonErased"/>,
/// <see cref="PersonErased.Detector"/>). Published for every erasure, with no devices too, so that the Detector always
/// confirms; through the Notifier's outbox, in the transaction that erased them.
/// </summary>
public record DevicesForgotten(Guid ErasureId, string SealedSubjectKeys, DateTimeOffset At);

/// <summary>
/// Admin asks one service what it holds about <see cref="PersonKey"/> (Decree 13/2023, the right to see one's data),
/// sent to that service's own endpoint (<see cref="AddressOf"/>) and answered with <see cref="PersonDataHeld"/>. The number
/// itself never travels; <see cref="NotificationIds"/> are the person's notifications as Admin's report knows them.
/// </summary>
public record PersonDataRequested(string PersonKey, Guid[] NotificationIds)
{
    /// <summary>
    /// The services asked: those that can find a person by key. The Detector's last positions of the person's devices are
    /// not exported (it knows devices only by id; the Notifier's answer lists the devices).
    /// </summary>
    public static readonly string[] Services = [PersonErased.Ingest, PersonErased.Notifier, PersonErased.Dispatcher, PersonErased.Admin];

    /// <summary>The endpoint a service answers on: one per service, so that each request reaches exactly one of them.</summary>
    public static string EndpointName(string service) => $"{service}-person-data";

    /// <summary>
    /// The endpoint's exchange, not its queue: sending to <c>queue:</c> would declare the queue as a classic one, which
    /// RabbitMQ refuses for the quorum queue the service declared.
    /// </summary>
    public static Uri AddressOf(string service) => new($"exchange:{EndpointName(service)}");
}

/// <summary>
/// What one service holds about a person: <see cref="Tables"/> is a JSON object of tables, each an array of rows,
/// sealed with the services' field cipher (names and message texts do not cross the broker in clear). Phone numbers
/// and push tokens are not in it at all (only whether one is held, or a token's last characters): Admin adds the
/// number it was asked about.
/// </summary>
public record PersonDataHeld(string Service, string Tables);
