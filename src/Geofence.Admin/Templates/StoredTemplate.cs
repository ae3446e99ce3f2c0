using System.ComponentModel.DataAnnotations;

namespace Geofence.Admin.Templates;

/// <summary>
/// One saved version of a template (per purpose, channel and language). Every save adds a row; the one in force is
/// marked <see cref="IsCurrent"/>, and a template with no current row is the built-in one.
/// </summary>
public sealed class StoredTemplate
{
    public long Id { get; set; }
    [MaxLength(16)] public required string Purpose { get; set; }
    [MaxLength(8)] public required string Channel { get; set; }
    [MaxLength(16)] public required string Language { get; set; }
    public int Version { get; set; }
    [MaxLength(TemplateLimits.Title)] public string? Title { get; set; }
    [MaxLength(TemplateLimits.Text)] public string? Text { get; set; }
    public bool KeepDiacritics { get; set; }
    [MaxLength(TemplateLimits.ZaloTemplateId)] public string? ZaloTemplateId { get; set; }
    /// <summary>The ZNS parameters (name → text with placeholders) as a JSON object.</summary>
    public string? ZaloParams { get; set; }
    public DateTime SavedAt { get; set; }
    /// <summary>Who saved it, as far as the key tells (today every admin key is the department's: "admin").</summary>
    [MaxLength(64)] public string? SavedBy { get; set; }
    public bool IsCurrent { get; set; }
}

/// <summary>One row per change of the template set; its key makes set versions unique even when two admins save at once.</summary>
public sealed class TemplateSetVersion
{
    public long Version { get; set; }
    public DateTime ChangedAt { get; set; }
}

/// <summary>
/// Sizes the columns hold. The channels' own limits (SMS parts, push length) are Geofence.Templates' rules and
/// smaller; these only keep a request from reaching the database with more than a column holds.
/// </summary>
public static class TemplateLimits
{
    public const int Title = 200;
    public const int Text = 2000;
    public const int ZaloTemplateId = 64;
    public const int ZaloParamName = 64;
    public const int ZaloParamValue = 500;
    public const int ZaloParams = 30;
}
