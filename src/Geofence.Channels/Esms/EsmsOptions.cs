using Geofence.Channels.Sending;

namespace Geofence.Channels.Esms;

public sealed class EsmsOptions() : ProviderOptions(defaultMaxPerSecond: 10)
{
    public const string SectionName = "Channels:Esms";

    public string ApiKey { get; set; } = "";
    public string SecretKey { get; set; } = "";

    /// <summary>The registered alphanumeric sender name, at most 11 characters.</summary>
    public string Brandname { get; set; } = "";

    public string BaseUrl { get; set; } = "https://rest.esms.vn";

    /// <summary>Where eSMS reports delivery; optional.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>eSMS's test mode: accepted but never delivered.</summary>
    public bool Sandbox { get; set; }

    protected override string Section => SectionName;

    protected override void Check(List<string> problems)
    {
        Require(problems, ApiKey, nameof(ApiKey));
        Require(problems, SecretKey, nameof(SecretKey));
        Require(problems, Brandname, nameof(Brandname));
        if (Brandname.Length > 11) problems.Add($"{Variable(nameof(Brandname))} must be at most 11 characters");
        RequireUrl(problems, BaseUrl, nameof(BaseUrl));
        OptionalUrl(problems, CallbackUrl, nameof(CallbackUrl));
    }
}
