using Geofence.ServiceDefaults.Settings;

namespace Geofence.Admin.Templates;

/// <summary>
/// <c>Links:BaseUrl</c>: the address the Notifier's install and opt-out links start with (the same setting the
/// Notifier reads), so that a preview shows links of the real length and its SMS parts are the real count.
/// </summary>
public sealed class PreviewLinkSettings
{
    [AbsoluteUrl] public string BaseUrl { get; set; } = "http://localhost:5080";
}
