using System.Text;
using Geofence.Privacy;

namespace Geofence.Channels.Zalo;

/// <summary>One ZNS template message to the Zalo account of an E.164 Vietnamese number.</summary>
/// <param name="TemplateId">The registered template to send; null for the configured one (<see cref="ZaloOptions.TemplateId"/>).</param>
/// <param name="Priority">Whether it goes before or after the campaign sends waiting for the provider's rate.</param>
public sealed record ZaloTemplateMessage(Guid NotificationId, string Phone, IReadOnlyDictionary<string, string> TemplateData, string? TemplateId = null,
    SendPriority Priority = SendPriority.Immediate)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"NotificationId = {NotificationId}, Phone = {PhoneNumber.Redact(Phone)}");
        return true;
    }
}
