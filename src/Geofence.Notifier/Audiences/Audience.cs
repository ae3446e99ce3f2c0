namespace Geofence.Notifier.Audiences;

/// <summary>
/// A list of people a campaign can go to (<c>notifier_audiences</c>): uploaded as CSV, or built from what the Notifier has
/// seen (phones a telecom feed reported in a province, devices seen in a province) or from other audiences (union,
/// difference). Its people are <see cref="AudienceMember"/> rows, written once when the audience is made.
/// </summary>
public sealed class Audience
{
    public const string Upload = "upload", TelecomSeen = "telecom-seen", Devices = "devices", Union = "union", Difference = "difference";
    public const string Importing = "importing", Ready = "ready", Failed = "failed";

    public Guid AudienceId { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    /// <summary><see cref="Importing"/> while its rows are written, then <see cref="Ready"/>; <see cref="Failed"/> if the upload broke off.</summary>
    public required string Status { get; set; }
    /// <summary>For built audiences: the province and the number of days looked back.</summary>
    public string? ProvinceCode { get; set; }
    public int? Days { get; set; }
    /// <summary>For union and difference: the audience ids, comma-separated, in the order given (difference: the first minus the rest).</summary>
    public string? Of { get; set; }
    public int Members { get; set; }
    public int Rejected { get; set; }
    public long CreatedAtMs { get; set; }
}

/// <summary>
/// One person of an audience (<c>notifier_audience_members</c>): the keyed hash of the number, the number and the name
/// encrypted with the field cipher, and the language the list gave. <see cref="Seq"/> numbers the audience's people in
/// the order they came (the CSV's order), so that a campaign plans and sends them in chunks and resumes where it was.
/// </summary>
public sealed class AudienceMember
{
    public Guid AudienceId { get; set; }
    public long Seq { get; set; }
    public required string PersonKey { get; set; }
    /// <summary>E.164, encrypted (<c>FieldCipher</c>).</summary>
    public required string Phone { get; set; }
    /// <summary>As the list gave it (a BCP 47 tag), or null.</summary>
    public string? Language { get; set; }
    /// <summary>The name as the list gave it, encrypted; null when none.</summary>
    public string? Name { get; set; }
    /// <summary>The CSV line it came from; null for built audiences.</summary>
    public int? Line { get; set; }
}

/// <summary>
/// A phone a telecom feed reported entering a province (<c>notifier_phones_seen</c>), kept so that the department can
/// build a "telecom-seen" audience: the number encrypted, when it was last seen there.
/// </summary>
public sealed class SeenPhone
{
    public required string PersonKey { get; set; }
    public required string ProvinceCode { get; set; }
    /// <summary>E.164, encrypted (<c>FieldCipher</c>).</summary>
    public required string Phone { get; set; }
    public long LastSeenAtMs { get; set; }
}
