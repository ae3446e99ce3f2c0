using System.Text;
using Geofence.Privacy;

namespace Geofence.Channels.Zalo;

/// <summary>One ZNS template message to the Zalo account of an E.164 Vietnamese number.</summary>
public sealed record ZaloTemplateMessage(Guid NotificationId, string Phone, IReadOnlyDictionary<string, string> TemplateData)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"NotificationId = {NotificationId}, Phone = {PhoneNumber.Redact(Phone)}");
        return true;
    }
}
